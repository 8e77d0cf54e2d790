/**
 * maxConcurrent holds across a Redis restart that loses every key (issue 15, defect 4):
 * requests still in flight hold their slots in Redis again once it answers, whether they
 * were admitted through Redis before it went away or on the local share while it was away.
 * Two stores with their own connections stand for two processes.
 */
import assert from 'node:assert/strict';
import { RedisServer } from '../../../src/bench/redisServer';
import { SystemClock } from '../../../src/core/clock';
import { type Lease, type LimitStoreHandle, createLimitStore } from '../../../src/router';

const SPEC = { key: 'target:t', concurrency: 4 };

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('shared limits on Redis: in-flight slots survive a Redis restart', function () {
  this.timeout(60_000);
  let server: RedisServer;
  let handles: LimitStoreHandle[] = [];
  const clock = new SystemClock();
  before(async () => (server = await RedisServer.start()));
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.close()));
    handles = [];
    await server.start();
  });
  after(() => server?.dispose());

  async function two(prefix: string) {
    handles = [0, 1].map(() => createLimitStore({ redisUrl: server.url, keyPrefix: prefix, clock, heartbeatMs: 100, probeMs: 50, commandTimeoutMs: 1_000, connectTimeoutMs: 2_000 }));
    await Promise.all(handles.map((h) => h.ready()));
    await until('both count two processes', () => handles.every((h) => h.processes === 2 && h.mode === 'shared'));
    return handles;
  }

  async function admitMany(h: LimitStoreHandle, n: number): Promise<Lease[]> {
    const out: Lease[] = [];
    for (let i = 0; i < n; i++) {
      const a = await h.store.admit([SPEC], 1, clock.now());
      if (a.ok) out.push(a.lease);
    }
    return out;
  }

  it('slots admitted through Redis before it lost its data are held again after: no fifth request', async () => {
    const [a, b] = await two('replay1:');
    const held = [...(await admitMany(a!, 2)), ...(await admitMany(b!, 2))];
    assert.equal(held.length, 4);
    await server.stop();
    await until('both on the local share', () => a!.mode === 'local-fallback' && b!.mode === 'local-fallback');
    await server.start();
    await until('both shared again', () => a!.mode === 'shared' && b!.mode === 'shared');
    const extra = [...(await admitMany(a!, 3)), ...(await admitMany(b!, 3))];
    assert.equal(extra.length, 0, `${extra.length} admitted over maxConcurrent 4 while 4 are in flight`);
    for (const [i, l] of held.entries()) await (i < 2 ? a : b)!.store.finish(l, 1, clock.now());
    const after = [...(await admitMany(a!, 3)), ...(await admitMany(b!, 3))];
    assert.equal(after.length, 4, 'the replayed slots were freed when their requests finished');
  });

  it('slots admitted on the local share while Redis was away are held in Redis once it is back', async () => {
    const [a, b] = await two('replay2:');
    await server.stop();
    await until('both on the local share', () => a!.mode === 'local-fallback' && b!.mode === 'local-fallback');
    const held = [...(await admitMany(a!, 3)), ...(await admitMany(b!, 3))];
    assert.equal(held.length, 4, 'each process held half of 4 while Redis was away');
    await server.start();
    await until('both shared again', () => a!.mode === 'shared' && b!.mode === 'shared');
    const extra = [...(await admitMany(a!, 3)), ...(await admitMany(b!, 3))];
    assert.equal(extra.length, 0, `${extra.length} admitted over maxConcurrent 4 while 4 are in flight`);
    for (const [i, l] of held.entries()) await (i < 2 ? a : b)!.store.finish(l, 1, clock.now());
    await new Promise((r) => setTimeout(r, 100));
    const after = [...(await admitMany(a!, 3)), ...(await admitMany(b!, 3))];
    assert.equal(after.length, 4);
  });

  it('requests still in flight through a Redis restart keep counting against RPM and the day (not only the finished ones)', async () => {
    const RPM = { key: 'target:r', rpm: 4, tokensPerDay: 1_000 };
    const [a, b] = await two('replay3:');
    const admit = async (h: LimitStoreHandle, n: number) => {
      const out: Lease[] = [];
      for (let i = 0; i < n; i++) {
        const x = await h.store.admit([RPM], 100, clock.now());
        if (x.ok) out.push(x.lease);
      }
      return out;
    };
    const held = [...(await admit(a!, 2)), ...(await admit(b!, 2))];
    assert.equal(held.length, 4);
    await server.stop();
    await until('both on the local share', () => a!.mode === 'local-fallback' && b!.mode === 'local-fallback');
    await server.start();
    await until('both shared again', () => a!.mode === 'shared' && b!.mode === 'shared');
    const extra = [...(await admit(a!, 2)), ...(await admit(b!, 2))];
    assert.equal(extra.length, 0, `${extra.length} admitted over 4 requests per minute: the 4 in flight were forgotten`);
    for (const [i, l] of held.entries()) await (i < 2 ? a : b)!.store.finish(l, 50, clock.now());
    await new Promise((r) => setTimeout(r, 300));
    const check = createLimitStore({ redisUrl: server.url, keyPrefix: 'replay3:', clock });
    handles.push(check);
    await check.ready();
    const shared = (check.store as unknown as { shared: { refreshUsage(k: string[], n: number): Promise<void>; usage(k: string, n: number): { rpm: number; tokensToday: number } } }).shared;
    await shared.refreshUsage([RPM.key], clock.now());
    assert.deepEqual({ rpm: shared.usage(RPM.key, clock.now()).rpm, tokensToday: shared.usage(RPM.key, clock.now()).tokensToday }, { rpm: 4, tokensToday: 200 }, 'Redis counts each request once, with its real tokens');
  });
});
