import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisLimitStore, type SettingsInput, estimateInputTokens } from '../../../src/router';
import { TargetRuntime } from '../../../src/router/targets';
import { type Behaviour } from '../../support/fakeProvider';
import { hello } from '../../support/routerFixtures';
import { RedisServer } from '../../../src/bench/redisServer';
import { type RequestResult } from './worker';
import { Worker, tally } from './workers';

const M = 'us.anthropic.claude-sonnet-4-6';
const MAX_TOKENS = 190;
/** What each request reserves against TPM and daily budgets: estimated input + maxTokens. */
const RESERVE = estimateInputTokens(hello) + MAX_TOKENS;
const slow: Behaviour[] = [{ kind: 'ok', firstTokenMs: 400 }];

function targetA(limits: { rpm?: number; tpm?: number; maxConcurrent?: number }) {
  return { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', ...limits };
}
const keyOfA = TargetRuntime.keyOf({ ...targetA({}), weight: 1 });

const sum = (rs: readonly RequestResult[]) => rs.reduce((n, r) => n + r.tokens, 0);

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('shared limits on Redis: routers in separate processes', function () {
  this.timeout(90_000);
  let server: RedisServer;
  let redis: Redis;
  let workers: Worker[] = [];
  let n = 0;

  before(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    await redis.connect();
  });

  after(async () => {
    redis?.disconnect();
    await server?.dispose();
  });

  afterEach(async () => {
    server.resume();
    await server.start();
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
  });

  /** Two routers (two windows) with the same settings and a fresh key prefix. */
  async function twoWindows(settings: SettingsInput, behaviours?: Record<string, Behaviour[]>) {
    const keyPrefix = `shared${++n}:`;
    // A generous command timeout: on a loaded test machine, 200 ms of event-loop lag would
    // (correctly) count as Redis being slow and move a window to its local share.
    const init = { settings, redisUrl: server.url, keyPrefix, heartbeatMs: 300, probeMs: 150, commandTimeoutMs: 1_000, behaviours };
    const [one, two] = await Promise.all([Worker.start(init), Worker.start(init)]);
    workers.push(one, two);
    const store = new RedisLimitStore({ redis, keyPrefix });
    const usage = async (key: string) => {
      await store.refreshUsage([key], Date.now());
      return store.usage(key, Date.now());
    };
    return { one, two, keyPrefix, usage };
  }

  it("two routers sharing one target's 10 RPM admit exactly 10 of 40 concurrent requests between them", async () => {
    const { one, two, usage } = await twoWindows({ targets: [targetA({ rpm: 10 })], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 0 });
    const results = (await Promise.all([one.burst(20, 'ws'), two.burst(20, 'ws')])).flat();
    assert.deepEqual(tally(results), { succeeded: 10, 'rate-limited': 30 });
    for (const r of results.filter((x) => x.outcome === 'rate-limited')) assert.match(r.message!, /a: at its limit of 10 requests per minute/);
    const calls = (await one.state()).calls.a! + (await two.state()).calls.a!;
    assert.equal(calls, 10, 'the model was called exactly 10 times across both processes');
    assert.equal((await usage(keyOfA)).rpm, 10);
    for (const w of [one, two]) assert.equal((await w.state()).mode, 'shared');
  });

  it("a target's TPM and its concurrency slots are shared exactly", async () => {
    const tpm = 6 * RESERVE + Math.floor(RESERVE / 2);
    const { one, two } = await twoWindows({ targets: [targetA({ tpm })], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 0 }, { a: slow });
    const byTpm = (await Promise.all([one.burst(20, 'ws'), two.burst(20, 'ws')])).flat();
    assert.deepEqual(tally(byTpm), { succeeded: 6, 'rate-limited': 34 }, `${tpm} TPM fit 6 requests of ${RESERVE} tokens`);

    const c = await twoWindows({ targets: [targetA({ maxConcurrent: 3 })], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 0 }, { a: slow });
    const byConcurrency = (await Promise.all([c.one.burst(20, 'ws'), c.two.burst(20, 'ws')])).flat();
    assert.deepEqual(tally(byConcurrency), { succeeded: 3, 'rate-limited': 37 });
    for (const r of byConcurrency.filter((x) => x.outcome === 'rate-limited')) assert.match(r.message!, /at its limit of 3 requests in flight/);
    assert.equal((await c.usage(keyOfA)).inFlight, 0, 'every slot was given back');
  });

  it('tenant quotas hold across processes: requests per minute, tokens per minute, tokens per day', async () => {
    const tpm = 4 * RESERVE + 10;
    const perDay = 5 * RESERVE + 10;
    const { one, two, usage } = await twoWindows(
      {
        targets: [targetA({})],
        routes: [{ name: 'main', targets: ['a'] }],
        quotas: { workspaces: { 'by-rpm': { rpm: 7 }, 'by-tpm': { tpm }, 'by-day': { tokensPerDay: perDay } } },
        maxQueueWaitMs: 0,
      },
      { a: slow },
    );
    const burst = async (tenant: string) => (await Promise.all([one.burst(20, tenant), two.burst(20, tenant)])).flat();
    assert.deepEqual(tally(await burst('by-rpm')), { succeeded: 7, 'rate-limited': 33 });
    assert.deepEqual(tally(await burst('by-tpm')), { succeeded: 4, 'rate-limited': 36 });
    const daily = await burst('by-day');
    assert.deepEqual(tally(daily), { succeeded: 5, 'rate-limited': 35 });
    for (const r of daily.filter((x) => x.outcome === 'rate-limited')) assert.match(r.message!, /has used its daily budget of \d+ tokens \(resets at 00:00 UTC\)/);
    // Reservations were settled with the real usage, once, wherever they were admitted.
    assert.equal((await usage('tenant:by-day')).tokensToday, sum(daily));
    const more = await burst('by-day');
    const fits = Math.floor((perDay - sum(daily)) / RESERVE);
    assert.deepEqual(tally(more), { succeeded: fits, 'rate-limited': 40 - fits }, 'what the settled reservations gave back is used again, exactly');
    assert.equal((await usage('tenant:by-day')).tokensToday, sum(daily) + sum(more));
  });

  it('a cooldown set by one router is seen by the other, which never saw the target fail', async () => {
    const settings: SettingsInput = {
      targets: [targetA({}), { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2' }],
      routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'round-robin' }],
      cooldown: { failures: 1, durationMs: 20_000 },
    };
    const { one, two } = await twoWindows(settings);
    await one.script('a', [{ kind: 'error', error: 'throttled' }]);
    const [first] = await one.burst(1, 'ws');
    assert.equal(first!.servedBy, 'b', 'window one failed over after the throttle');
    const seen = await two.burst(6, 'ws');
    assert.deepEqual(
      seen.map((r) => r.servedBy),
      Array(6).fill('b'),
      'window two sends nothing to the resting target',
    );
    assert.equal((await two.state()).calls.a, 0);
    assert.match(seen[0]!.skipped.find((s) => s.targetId === 'a')!.reason, /^cooling down for (19|20)(\.\d)? s after 1 failures in 60 s \(last: a throttle\)$/);
  });

  it('while Redis is down, each window holds its share of a limit (limit / windows seen), and shares again when it is back', async () => {
    const { one, two } = await twoWindows({ targets: [targetA({ rpm: 10 })], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 0 });
    await until('both windows have counted two processes', async () => (await one.state()).processes === 2 && (await two.state()).processes === 2);
    await server.stop();
    await until('both windows hold limits locally', async () => (await one.state()).mode === 'local-fallback' && (await two.state()).mode === 'local-fallback');
    const [r1, r2] = await Promise.all([one.burst(20, 'ws'), two.burst(20, 'ws')]);
    assert.deepEqual(tally(r1), { succeeded: 5, 'rate-limited': 15 }, 'window one: half of 10 RPM');
    assert.deepEqual(tally(r2), { succeeded: 5, 'rate-limited': 15 }, 'window two: half of 10 RPM');
    for (const r of [...r1, ...r2].filter((x) => x.outcome === 'rate-limited')) assert.match(r.message!, /a: at its limit of 5 requests per minute/);
    const { message } = (await one.state()).events[1]!;
    assert.match(message, /^Redis is unreachable \(.+\): limits are held in this process, at a 1\/2 share of each \(2 processes were sharing them\), until it answers again\. No request fails because of it\.$/);
    await server.start();
    await until('both windows share limits again', async () => (await one.state()).mode === 'shared' && (await two.state()).mode === 'shared');
    // Redis restarted empty and was told the 10 admitted meanwhile: the minute is full.
    assert.deepEqual(tally((await Promise.all([one.burst(5, 'ws'), two.burst(5, 'ws')])).flat()), { 'rate-limited': 10 });
  });

  it('a window that starts while Redis is down serves on in-process limits, then shares once Redis is up', async () => {
    await server.stop();
    const { one, two } = await twoWindows({ targets: [targetA({ rpm: 4 })], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 0 });
    assert.equal((await one.state()).mode, 'local-fallback');
    assert.deepEqual(tally(await one.burst(6, 'ws')), { succeeded: 4, 'rate-limited': 2 }, 'no other process seen yet: the whole limit');
    await server.start();
    await until('both windows share limits', async () => (await one.state()).mode === 'shared' && (await two.state()).mode === 'shared');
    assert.deepEqual(tally(await two.burst(4, 'ws')), { 'rate-limited': 4 }, "window two sees window one's 4 requests");
    for (const w of [one, two]) assert.deepEqual((await w.state()).events.map((e) => e.mode), ['local-fallback', 'shared']);
  });

  /** Steady traffic from both windows while Redis goes away and comes back; returns every result. */
  async function throughAnOutage(outage: { down: () => Promise<void> | void; up: () => Promise<void> | void }) {
    const ctx = await twoWindows(
      {
        targets: [targetA({ rpm: 100_000, tpm: 1_000_000_000, maxConcurrent: 1_000 })],
        routes: [{ name: 'main', targets: ['a'] }],
        quotas: { workspaces: { ws: { rpm: 100_000, tokensPerDay: 1_000_000_000 } } },
      },
      { a: [{ kind: 'ok', firstTokenMs: 30 }] },
    );
    const traffic = Promise.all([ctx.one.steady(15, 3_000, 'ws'), ctx.two.steady(15, 3_000, 'ws')]);
    await new Promise((r) => setTimeout(r, 800));
    await outage.down();
    await until('both windows hold limits locally', async () => (await ctx.one.state()).mode === 'local-fallback' && (await ctx.two.state()).mode === 'local-fallback', 5_000);
    await new Promise((r) => setTimeout(r, 500));
    await outage.up();
    const results = await traffic;
    await until('both windows share limits again', async () => (await ctx.one.state()).mode === 'shared' && (await ctx.two.state()).mode === 'shared');
    for (const [i, w] of [ctx.one, ctx.two].entries()) {
      const state = await w.state();
      const mine = results[i]!;
      assert.ok(mine.length > 30, `window ${i + 1} sent ${mine.length} requests`);
      assert.deepEqual(tally(mine), { succeeded: mine.length }, `window ${i + 1}: no request failed because Redis did`);
      assert.equal(state.totals.requests, mine.length, `window ${i + 1}: every request recorded once`);
      assert.equal(state.totals.succeeded + state.totals.rateLimited + state.totals.failed, mine.length);
      assert.equal(state.outstanding, 0, `window ${i + 1}: every lease finished`);
      assert.deepEqual(
        state.events.map((e) => e.mode),
        ['shared', 'local-fallback', 'shared'],
        `window ${i + 1} said so once each way: ${JSON.stringify(state.events)}`,
      );
    }
    const all = results.flat();
    // Redis ends up knowing every request and every token exactly once: what it lost is
    // replayed, admissions whose replies were lost are undone, settlements happen once.
    await until('Redis has caught up', async () => (await ctx.usage(keyOfA)).rpm === all.length, 5_000).catch(() => {});
    const target = await ctx.usage(keyOfA);
    const tenant = await ctx.usage('tenant:ws');
    assert.deepEqual(
      { rpm: target.rpm, tpm: target.tpm, inFlight: target.inFlight, tokensToday: target.tokensToday },
      { rpm: all.length, tpm: sum(all), inFlight: 0, tokensToday: sum(all) },
      'target a in Redis',
    );
    assert.deepEqual({ rpm: tenant.rpm, tokensToday: tenant.tokensToday }, { rpm: all.length, tokensToday: sum(all) }, 'tenant ws in Redis');
    return ctx;
  }

  it('Redis stopped mid-run and restarted empty: every request is served and counted exactly once, and Redis relearns the usage', async () => {
    const ctx = await throughAnOutage({ down: () => server.stop(), up: () => server.start() });
    const keys = await redis.keys(`${ctx.keyPrefix}*`);
    assert.ok(keys.length > 5, `${keys.length} keys`);
    for (const k of keys) assert.ok((await redis.pttl(k)) > 0, `${k} expires`);
  });

  it('Redis frozen mid-run (every command times out), then thawed: the same, with admissions whose replies were lost undone', async () => {
    await throughAnOutage({ down: () => server.pause(), up: () => server.resume() });
  });
});
