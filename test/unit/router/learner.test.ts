import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { BUILT_IN_MODELS } from '../../../src/core/modelDirectory';
import { FIRST_RAISE_AFTER_MS, PoolLimitLearner, RAISE_EVERY_MS, learntText, type LearnerEvent } from '../../../src/router/limits/learner';
import { MemoryLimitStore } from '../../../src/router/limits/memoryStore';
import { isTokenThrottle } from '../../../src/router/poolLearning';
import { poolOf } from '../../../src/router/limits/pools';
import { type SettingsInput } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';

const US_SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const POOL = poolOf({ profile: 'shard-a', region: 'us-east-1', model: US_SONNET }, BUILT_IN_MODELS);
const QUOTA = 100_000;

function learner(store = new MemoryLimitStore()) {
  const clock = new ManualClock(1_700_000_000_000);
  const l = new PoolLimitLearner({ clock, store });
  const events: LearnerEvent[] = [];
  l.onChange((e) => events.push(e));
  return { clock, l, events, store };
}

/** Success reports every second for `ms`, with the pool's minute `used` tokens full. */
async function succeedFor(clock: ManualClock, l: PoolLimitLearner, ms: number, used: (limit: number) => number, { quota }: { quota?: number } = { quota: QUOTA }): Promise<number[]> {
  const limits: number[] = [];
  for (let t = 0; t < ms; t += 1_000) {
    await clock.advance(1_000);
    const limit = l.limit(POOL, quota) ?? quota ?? Infinity;
    l.succeeded(POOL, quota, used(limit));
    limits.push(l.limit(POOL, quota) ?? quota ?? Infinity);
  }
  return limits;
}

describe('pool limit learner (ManualClock)', () => {
  it('backs off at once when Bedrock throttles a pool the router believed had room, toward what it had admitted', () => {
    const { clock, l, events } = learner();
    assert.equal(l.limit(POOL, QUOTA), undefined, 'nothing learnt: the quota holds');
    // The router had admitted 38k tokens in the pool's last minute when Bedrock said no: another client uses the rest.
    l.throttled(POOL, QUOTA, clock.now() - 2_000, 38_000);
    assert.equal(l.limit(POOL, QUOTA), 50_000, 'one cut at most halves the limit (TCP beta 0.5)');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.kind, 'backoff');
    assert.match(events[0]!.message, /backing off to 50k tokens\/min \(was 100k; quota 100k\)\. Another client may be using this account\./);
  });

  it('a throttle always cuts at least 10%, and at most to half', () => {
    const { clock, l } = learner();
    l.throttled(POOL, QUOTA, clock.now(), 99_000);
    assert.equal(l.limit(POOL, QUOTA), 90_000);
  });

  it('several targets throttled in one burst cut the limit once; a throttle of a request admitted after the cut cuts again', async () => {
    const { clock, l, events } = learner();
    const admitted = clock.now();
    await clock.advance(3_000);
    // Four targets' requests, all admitted before the first throttle, come back throttled over two seconds.
    for (let i = 0; i < 4; i++) {
      l.throttled(POOL, QUOTA, admitted + i * 100, 70_000);
      await clock.advance(500);
    }
    assert.equal(events.filter((e) => e.kind === 'backoff').length, 1, 'one decrease per burst');
    assert.equal(l.limit(POOL, QUOTA), 70_000);
    // A request admitted under the new limit is throttled too: the pool has even less room.
    await clock.advance(5_000);
    l.throttled(POOL, QUOTA, clock.now() - 1_000, 40_000);
    assert.equal(l.limit(POOL, QUOTA), 40_000);
    assert.equal(events.filter((e) => e.kind === 'backoff').length, 2);
  });

  it('recovers gradually under sustained success, in steps of 5% of the quota, and never above the quota', async () => {
    const { clock, l, events } = learner();
    l.throttled(POOL, QUOTA, clock.now(), 40_000);
    assert.equal(l.limit(POOL, QUOTA), 50_000);
    const limits = await succeedFor(clock, l, 5 * 60_000, (limit) => limit * 0.9);
    // Never above the quota; each change is one step of 5k.
    assert.ok(limits.every((x) => x <= QUOTA));
    const steps = limits.slice(1).map((x, i) => x - limits[i]!).filter((d) => d !== 0);
    assert.ok(steps.every((d) => d === 5_000), `steps: ${steps.join(', ')}`);
    // 50k -> 100k: ten steps, the first a quota window after the cut, then one per RAISE_EVERY_MS of success.
    assert.equal(limits.indexOf(55_000) + 1, FIRST_RAISE_AFTER_MS / 1_000, 'no raise within a minute of the back-off');
    const recovered = limits.indexOf(QUOTA);
    assert.equal(recovered + 1, (FIRST_RAISE_AFTER_MS + 9 * RAISE_EVERY_MS) / 1_000, 'recovered after ten raises');
    assert.equal(l.limit(POOL, QUOTA), undefined, 'at the quota the learnt limit is dropped');
    assert.deepEqual(events.map((e) => e.kind), ['backoff', ...Array<string>(9).fill('raise'), 'recovered']);
    assert.match(events.at(-1)!.message, /recovered to its quota of 100k tokens\/min/);
  });

  it('success while the pool is mostly idle proves nothing: the learnt limit stays', async () => {
    const { clock, l } = learner();
    l.throttled(POOL, QUOTA, clock.now(), 40_000);
    await succeedFor(clock, l, 60_000, (limit) => limit * 0.2);
    assert.equal(l.limit(POOL, QUOTA), 50_000);
  });

  it('a quota lowered below the learnt value wins; a quota raised leaves the learnt value to climb', async () => {
    const { clock, l } = learner();
    l.throttled(POOL, QUOTA, clock.now(), 60_000);
    assert.equal(l.limit(POOL, 40_000), undefined, 'the lower quota holds');
    assert.equal(l.limit(POOL, 200_000), 60_000);
    const limits = await succeedFor(clock, l, 60_000, (limit) => limit, { quota: 200_000 });
    assert.ok(limits.at(-1)! > 60_000 && limits.at(-1)! <= 200_000);
  });

  it('a pool with no known quota learns a ceiling from the throttle and recovers to unlimited', async () => {
    const { clock, l, events } = learner();
    assert.equal(l.limit(POOL, undefined), undefined, 'unlimited until throttled');
    l.throttled(POOL, undefined, clock.now(), 30_000);
    assert.equal(l.limit(POOL, undefined), 30_000, 'what was admitted is what the pool gave');
    assert.match(events[0]!.message, /was unlimited; no quota known/);
    const limits = await succeedFor(clock, l, 5 * 60_000, (limit) => limit, {});
    assert.ok(limits.filter((x) => x !== Infinity).every((x) => x <= 60_000), `never above the learnt ceiling (twice what was admitted): ${limits.join(' ')}`);
    assert.equal(l.limit(POOL, undefined), undefined, 'recovered: unlimited again');
    assert.equal(events.at(-1)!.kind, 'recovered');
  });

  it('learners sharing a store learn together: a back-off in one process holds in the other', () => {
    const store = new MemoryLimitStore();
    const a = learner(store);
    const b = learner(store);
    a.l.throttled(POOL, QUOTA, a.clock.now(), 40_000);
    assert.equal(b.l.limit(POOL, QUOTA), 50_000);
    // The other process's throttles from the same burst (admitted before the cut) do not cut again.
    b.l.throttled(POOL, QUOTA, b.clock.now() - 500, 10_000);
    assert.equal(a.l.limit(POOL, QUOTA), 50_000);
  });

  it('says what it learnt in the units Bedrock throttles on', () => {
    assert.equal(learntText(38_000, 100_000), 'learnt ≈ 38k of 100k tokens/min; another client may be using this account');
    assert.equal(learntText(undefined, 100_000), '');
  });
});

describe('router: learnt pool limits', () => {
  function onePool(learnLimits?: boolean): SettingsInput {
    return {
      targets: [
        { id: 'a', model: US_SONNET, profile: 'shard-a', region: 'us-east-1', ...(learnLimits === undefined ? {} : { learnLimits }) },
        { id: 'b', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1' },
      ],
      routes: [{ name: 'main', targets: ['a'], fallbacks: ['backup'] }, { name: 'backup', targets: ['b'] }],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, tpm: 10_000 }],
      maxQueueWaitMs: 0,
    };
  }

  it('a throttle lowers the pool\'s admitted TPM to min(quota, learnt); the throttled request goes to another target first', async () => {
    const { router, provider, endpoint } = makeRouter(onePool());
    // 10 in + 20 out = 110 tokens after burndown; each reservation is 107 (7 estimated + 100 maxTokens).
    provider.on(endpoint('a'), (n) => (n === 10 ? { kind: 'error', error: 'throttled', message: 'Too many tokens, please wait before trying again.' } : { kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    provider.on(endpoint('b'), () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    const served: string[] = [];
    const skips: string[] = [];
    for (let i = 0; i < 80; i++) {
      const { record } = await router.send({ tenant: 'ws', request: hello });
      served.push(record.servedBy!.targetId);
      skips.push(...record.skipped.map((x) => x.reason));
    }
    assert.match(skips.at(-1)!, /^its Bedrock quota pool is at the 5000 tokens per minute learnt from Bedrock's throttles \(quota 10000\) \(free in /);
    // Ten answers (1,100 tokens) were in the minute when the 11th was throttled: the limit halves to 5,000
    // (the cut is at most half), and the throttled request is served by b.
    assert.equal(served[10], 'b');
    const pool = router.snapshot().pools.find((p) => p.targets.includes('a'))!;
    assert.equal(pool.limits.tpm, 10_000);
    assert.equal(pool.limits.learntTpm, 5_000);
    assert.equal(pool.learns, true);
    // Pool a then admits while its minute stays within 5,000: 1,100 + 34 x 110 + 107 fits, so 35 more (not 69).
    const onA = served.filter((s) => s === 'a').length;
    assert.equal(onA, 10 + Math.floor((5_000 - 1_100) / 110));
  });

  it('two targets on one pool throttled in the same burst cut its limit once', async () => {
    const { router, provider, endpoint, clock } = makeRouter({
      targets: [
        { id: 'us', model: US_SONNET, profile: 'shard-a', region: 'us-east-1' },
        { id: 'global', model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', profile: 'shard-a', region: 'us-east-1' },
        { id: 'b', model: US_SONNET, profile: 'shard-b', region: 'us-east-1' },
      ],
      routes: [{ name: 'main', targets: ['us', 'global'], strategy: 'round-robin', fallbacks: ['spill'] }, { name: 'spill', targets: ['b'] }],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, tpm: 10_000 }],
      maxQueueWaitMs: 0,
    });
    const events: LearnerEvent[] = [];
    router.onPoolLimit((e) => events.push(e));
    const throttle = { kind: 'error' as const, error: 'throttled' as const, message: 'Too many tokens, please wait before trying again.', afterMs: 10 };
    provider.on(endpoint('us'), [throttle, throttle]);
    provider.on(endpoint('global'), [throttle, throttle]);
    provider.on(endpoint('b'), () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    // Four requests at once: every one admitted on the shared pool, every one throttled, every one served by b.
    const done = Promise.all(Array.from({ length: 4 }, () => router.send({ tenant: 'ws', request: hello })));
    for (let i = 0; i < 20; i++) await clock.advance(5);
    const records = (await done).map((r) => r.record);
    assert.ok(records.every((r) => r.servedBy!.targetId === 'b'));
    const throttled = new Set(records.flatMap((r) => r.attempts).filter((a) => a.outcome === 'throttled').map((a) => a.targetId));
    assert.deepEqual([...throttled].sort(), ['global', 'us'], 'both targets were throttled');
    assert.equal(events.filter((e) => e.kind === 'backoff').length, 1, `one decrease for the burst: ${events.map((e) => e.message).join(' / ')}`);
    assert.equal(router.snapshot().pools.find((p) => p.targets.includes('us'))!.limits.learntTpm, 5_000);
  });

  it('with learnLimits: false the target is admitted against the quota alone and its throttles teach nothing', async () => {
    const { router, provider, endpoint } = makeRouter(onePool(false));
    provider.on(endpoint('a'), (n) => (n === 10 ? { kind: 'error', error: 'throttled', message: 'Too many tokens, please wait before trying again.' } : { kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    provider.on(endpoint('b'), () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    const served: string[] = [];
    for (let i = 0; i < 80; i++) served.push((await router.send({ tenant: 'ws', request: hello })).record.servedBy!.targetId);
    assert.equal(served[10], 'b');
    const pool = router.snapshot().pools.find((p) => p.targets.includes('a'))!;
    assert.equal(pool.limits.learntTpm, undefined);
    assert.equal(pool.learns, false);
    assert.equal(served.filter((s) => s === 'a').length, 79, 'every request but the throttled one, within the 10,000 quota');
  });

  it('only token throttles teach: "Too many requests" (a request rate, or capacity) and the day\'s quota do not', () => {
    assert.equal(isTokenThrottle('Too many tokens, please wait before trying again.'), true);
    assert.equal(isTokenThrottle('Rate exceeded'), true, 'an unknown wording is taken as the token quota');
    assert.equal(isTokenThrottle('Too many requests, please wait before trying again.'), false);
    assert.equal(isTokenThrottle('Too many tokens per day, please wait before trying again.'), false);
  });

  it('a tokens-per-day throttle does not lower the per-minute limit', async () => {
    const { router, provider, endpoint } = makeRouter(onePool());
    provider.on(endpoint('a'), (n) => (n === 3 ? { kind: 'error', error: 'throttled', message: 'Too many tokens per day, please wait before trying again.' } : { kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    provider.on(endpoint('b'), () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    for (let i = 0; i < 6; i++) await router.send({ tenant: 'ws', request: hello });
    assert.equal(router.snapshot().pools[0]!.limits.learntTpm, undefined);
  });
});
