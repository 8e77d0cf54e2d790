/**
 * The pool limit learner through the real AWS SDK against the simulator, in simulated time:
 * another application in the account (a background caller started through the simulator's
 * admin API) takes part of a pool the router believes is all its own. With learning the router
 * backs off and pays for far fewer throttles than with `learnLimits: false`; when the caller
 * stops, the learnt limit climbs back to the quota.
 */
import assert from 'node:assert/strict';
import { type Clock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { type LearnerEvent } from '../../../src/router/limits/learner';
import { MemoryLimitStore, type RequestRecord, Router, RouterError, resolveSettings } from '../../../src/router';
import { type SimEnv, startSimEnv } from '../../support/simEnv';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const FAST = { ttftMs: 200, tokensPerSecond: 400, jitter: 0 };
const QUOTA = 20_000;
const POOL = { profile: 'shard-a', region: 'us-east-1', model: SONNET };
const PROMPT = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Describe a lighthouse at dusk in a few sentences.' }] }], maxTokens: 200 };
/** Simulated ms per real ms. */
const TIME_SCALE = 30;

interface Run {
  records: RequestRecord[];
  throttles: number;
  served: number;
}

/** `loops` callers send one request after another until `untilMs` of the router's clock (at most `maxEach` each). */
async function load(router: Router, clock: Clock, untilMs: number, loops = 3, maxEach = 600): Promise<Run> {
  const records: RequestRecord[] = [];
  await Promise.all(
    Array.from({ length: loops }, async () => {
      for (let i = 0; i < maxEach && clock.now() < untilMs; i++) {
        try {
          records.push((await router.send({ tenant: 'ws', request: PROMPT })).record);
        } catch (err) {
          assert.ok(RouterError.isInstance(err), String(err));
          records.push(err.record!);
          await clock.sleep(err.retryAfterMs ?? 1_000);
        }
      }
    }),
  );
  const throttles = records.flatMap((r) => r.attempts).filter((a) => a.outcome === 'throttled').length;
  return { records, throttles, served: records.filter((r) => r.outcome === 'succeeded').length };
}

async function admin(env: SimEnv, method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${env.sim.endpoint}/__sim/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `${method} /__sim/${path}: ${res.status} ${await res.text()}`);
}

describe('router: learnt pool limits through the real SDK against the simulator', function () {
  this.timeout(120_000);
  let env: SimEnv;

  afterEach(() => env?.close());

  /** A fresh simulator with a 20k TPM Sonnet pool in shard-a (and shard-b to spill to), and a router on its clock. */
  async function start(learnLimits: boolean): Promise<{ router: Router; events: LearnerEvent[] }> {
    env = await startSimEnv({ seed: 9, timeScale: TIME_SCALE, profiles: ['shard-a', 'shard-b'], scenario: { regions: { 'us-east-1': FAST, 'us-east-2': FAST, 'us-west-2': FAST }, quotas: { rules: [{ ...POOL, tpm: QUOTA }] } } as never });
    const config = resolveSettings({
      mode: 'aws',
      targets: [
        { id: 'a', model: SONNET, profile: 'shard-a', region: 'us-east-1', learnLimits },
        { id: 'b', model: SONNET, profile: 'shard-b', region: 'us-east-1' },
      ],
      routes: [
        { name: 'main', targets: ['a'], fallbacks: ['spill'] },
        { name: 'spill', targets: ['b'] },
      ],
      pools: [{ ...POOL, tpm: QUOTA }],
      serviceQuotas: false,
      maxQueueWaitMs: 0,
      // The breaker out of the way: a's throttles would otherwise rest it, and the comparison is of the pool limit alone.
      cooldown: { failures: 1_000 },
    });
    const router = new Router({ config, provider: env.provider, clock: env.sim.clock, store: new MemoryLimitStore(), random: seededRandom(3) });
    const events: LearnerEvent[] = [];
    router.onPoolLimit((e) => events.push(e));
    return { router, events };
  }

  /** Three simulated minutes with a steady caller taking half the pool, started through the admin API. */
  async function underBackgroundCaller(learnLimits: boolean) {
    const { router, events } = await start(learnLimits);
    await admin(env, 'POST', 'background-callers', { name: 'other-team', profile: 'shard-a', region: 'us-east-1', model: SONNET, tokensPerMinute: QUOTA / 2, tokensPerRequest: 1_000, pattern: 'steady' });
    const run = await load(router, env.sim.clock, env.sim.clock.now() + 180_000);
    return { router, events, run };
  }

  it('a background caller makes the router back off, with far fewer throttles than without learning', async () => {
    const blind = await underBackgroundCaller(false);
    await env.close();
    const learning = await underBackgroundCaller(true);
    const pool = learning.router.snapshot().pools.find((p) => p.targets.includes('a'))!;
    const summary = `throttles: learning ${learning.run.throttles} of ${learning.run.records.length} requests, learnLimits:false ${blind.run.throttles} of ${blind.run.records.length}`;
    assert.ok(blind.run.throttles >= 10, `without learning Bedrock keeps throttling (${summary})`);
    assert.ok(learning.run.throttles * 3 <= blind.run.throttles, `at most a third of the throttles (${summary})`);
    assert.ok(learning.events.some((e) => e.kind === 'backoff'), 'the router backed off');
    assert.equal(blind.events.length, 0, 'a target with learnLimits: false teaches nothing');
    assert.ok(pool.limits.learntTpm !== undefined && pool.limits.learntTpm < QUOTA, `learnt ${pool.limits.learntTpm} of ${QUOTA}`);
    // Requests the throttles or the learnt limit turned away from a were served by b: none failed.
    assert.equal(learning.run.records.filter((r) => r.outcome !== 'succeeded').length, 0);
    assert.match(learning.events.find((e) => e.kind === 'backoff')!.message, /Bedrock throttled shard-a us-east-1 Claude Sonnet 4\.5 \(cross-Region\) although the router had admitted only .* backing off to .* Another client may be using this account\./);
  });

  it('when the background caller stops, the learnt limit climbs back to the quota', async () => {
    const { router, events, run } = await underBackgroundCaller(true);
    assert.ok(events.some((e) => e.kind === 'backoff'), `backed off (${run.throttles} throttles)`);
    await admin(env, 'DELETE', 'background-callers/other-team');
    const after = await load(router, env.sim.clock, env.sim.clock.now() + 6 * 60_000);
    const recovered = events.filter((e) => e.kind === 'recovered');
    assert.ok(recovered.length >= 1, `recovered (events: ${events.map((e) => `${e.kind} ${e.to ?? 'quota'}`).join(', ')})`);
    assert.match(recovered.at(-1)!.message, /recovered to its quota of 20k tokens\/min after sustained success/);
    // Back at the quota the router admits right up to Bedrock's limit, so a window boundary that falls
    // a little differently on the two sides can cost one more throttle and one 10% cut: at most that.
    const learnt = router.snapshot().pools.find((p) => p.targets.includes('a'))!.limits.learntTpm;
    assert.ok(learnt === undefined || learnt >= QUOTA * 0.9, `admitted at (or within one cut of) the full quota again: learnt ${learnt}`);
    // Climbing back it probes, but the pool is free: a few throttles at most (each a window edge that falls a
    // little differently on the two sides), against dozens from a blind router under the caller.
    assert.ok(after.throttles <= 5, `${after.throttles} throttles while recovering`);
    const raises = events.filter((e) => e.kind === 'raise');
    assert.ok(raises.length >= 1 && raises.every((e, i) => i === 0 || e.to! > raises[i - 1]!.to! || e.from! < raises[i - 1]!.to!), 'raised step by step');
  });
});
