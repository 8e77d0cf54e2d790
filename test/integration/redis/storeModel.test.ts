/**
 * Property-based tests of the Redis limit stores (issue 15) against the reference model of
 * test/support/limitModel.ts, on a real redis-server:
 * - three processes' RedisLimitStores (own connections) interleaving admit, accept
 *   (restamp), settle (finish), cancel (refund) and clock jumps: every decision is the
 *   model's, limits hold, every counter is back to zero at the end;
 * - two FailoverLimitStores through Redis restarts that lose every key: admissions made
 *   through Redis never put more requests in flight than maxConcurrent, and everything
 *   settles back to zero in Redis.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../src/bench/redisServer';
import { type Lease, type LimitStoreHandle, RedisLimitStore, createLimitStore } from '../../../src/router';
import { LimitModel, TARGET, TENANT, opsArbitrary, specsOf } from '../../support/limitModel';

const DAY = 86_400_000;
const LONG_LEASE = 30 * DAY; // clock jumps must not expire slots the model holds (crash recovery is another test's business)

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('limit store model: Redis stores on a real redis-server', function () {
  this.timeout(120_000);
  let server: RedisServer;
  let clients: Redis[] = [];
  let run = 0;
  before(async () => {
    server = await RedisServer.start();
    clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const c = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
        c.on('error', () => {});
        await c.connect();
        return c;
      }),
    );
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await server?.dispose();
  });

  it('property: three processes on one Redis decide exactly as the model; limits hold; counters return to zero', async () => {
    await fc.assert(
      fc.asyncProperty(opsArbitrary(3), async (ops) => {
        const keyPrefix = `model${++run}:`;
        const stores = clients.map((redis) => new RedisLimitStore({ redis, keyPrefix, leaseTtlMs: LONG_LEASE }));
        const model = new LimitModel();
        let now = 1_700_000_000_000;
        const open: Array<{ id: number; proc: number; lease: Lease }> = [];
        let id = 0;
        for (const o of ops) {
          if (o.op === 'jump') now += Math.min(o.ms, 70_000);
          else if (o.op === 'admit') {
            const specs = specsOf(o.specs);
            const expected = model.decide(specs, o.tokens, now);
            const got = await stores[o.proc]!.admit(specs, o.tokens, now);
            assert.equal(got.ok, expected === undefined, `process ${o.proc}: admit ${o.tokens} under ${o.specs}: model says ${expected ?? 'ok'}, Redis says ${got.ok ? 'ok' : `${got.key}:${got.limit}`}`);
            if (!got.ok) assert.equal(`${got.key}:${got.limit}`, expected);
            else {
              model.admit(++id, specs, o.tokens, now);
              open.push({ id, proc: o.proc, lease: got.lease });
              assert.equal(model.overLimit(specs, now), undefined);
            }
          } else if (open.length > 0) {
            const [l] = open.splice(o.pick % open.length, 1);
            const store = stores[l!.proc]!;
            if (o.op === 'finish') {
              await store.finish(l!.lease, o.actual, now);
              model.finish(l!.id, o.actual, now);
            } else if (o.op === 'refund') {
              await store.refund(l!.lease, now);
              model.refund(l!.id);
            } else {
              const lease = store.lease(l!.lease.id)!;
              assert.equal(await store.restampShared(lease, now), true);
              model.restamp(l!.id, now);
              open.push(l!);
            }
          }
        }
        for (const l of open) {
          await stores[l.proc]!.finish(l.lease, 0, now);
          model.finish(l.id, 0, now);
        }
        for (const s of stores) assert.equal(s.outstanding, 0, 'every reservation settled');
        await stores[0]!.refreshUsage([TARGET.key, TENANT.key], now + 60_001);
        for (const key of [TARGET.key, TENANT.key]) {
          const u = stores[0]!.usage(key, now + 60_001);
          assert.deepEqual({ rpm: u.rpm, tpm: u.tpm, inFlight: u.inFlight }, { rpm: 0, tpm: 0, inFlight: 0 }, key);
          assert.equal(u.tokensToday, model.usage(key, now + 60_001).tokensToday, `${key}: tokens today`);
        }
      }),
      { numRuns: 40, seed: 1516 },
    );
  });

  it('property: two processes through Redis restarts: admissions through Redis never exceed maxConcurrent; all settles to zero', async () => {
    const CONCURRENCY = { key: 'target:c', concurrency: 3 };
    const arbitrary = fc.array(
      fc.oneof(
        { arbitrary: fc.record({ op: fc.constant('admit' as const), proc: fc.integer({ min: 0, max: 1 }) }), weight: 3 },
        { arbitrary: fc.record({ op: fc.constant('finish' as const), pick: fc.nat() }), weight: 1 },
        { arbitrary: fc.constant({ op: 'restart' as const }), weight: 1 },
      ),
      { minLength: 4, maxLength: 16 },
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (ops) => {
        const keyPrefix = `restart${++run}:`;
        const handles: LimitStoreHandle[] = [0, 1].map(() => createLimitStore({ redisUrl: server.url, keyPrefix, heartbeatMs: 50, probeMs: 25, commandTimeoutMs: 1_000, leaseTtlMs: LONG_LEASE }));
        try {
          await Promise.all(handles.map((h) => h.ready()));
          await until('both count two processes', () => handles.every((h) => h.mode === 'shared' && h.processes === 2));
          const open: Array<{ proc: number; lease: Lease }> = [];
          for (const o of ops) {
            if (o.op === 'restart') {
              await server.stop();
              await until('both on the local share', () => handles.every((h) => h.mode === 'local-fallback'));
              await server.start();
              await until('both shared again', () => handles.every((h) => h.mode === 'shared'));
            } else if (o.op === 'admit') {
              const a = await handles[o.proc]!.store.admit([CONCURRENCY], 1, Date.now());
              if (a.ok) {
                open.push({ proc: o.proc, lease: a.lease });
                assert.ok(open.length <= CONCURRENCY.concurrency, `${open.length} in flight across both processes, over maxConcurrent ${CONCURRENCY.concurrency}`);
              }
            } else if (open.length > 0) {
              const [l] = open.splice(o.pick % open.length, 1);
              await handles[l!.proc]!.store.finish(l!.lease, 1, Date.now());
            }
          }
          for (const l of open) await handles[l.proc]!.store.finish(l.lease, 1, Date.now());
          for (const h of handles) assert.equal(h.store.outstanding, 0, 'every reservation settled');
          const check = new RedisLimitStore({ redis: clients[0]!, keyPrefix });
          await check.refreshUsage([CONCURRENCY.key], Date.now());
          assert.equal(check.usage(CONCURRENCY.key, Date.now()).inFlight, 0, 'no slot left held in Redis');
        } finally {
          await Promise.all(handles.map((h) => h.close()));
        }
      }),
      { numRuns: 10, seed: 1517 },
    );
  });
});
