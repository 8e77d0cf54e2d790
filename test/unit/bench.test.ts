import assert from 'node:assert/strict';
import { ManualClock, ScaledClock } from '../../src/core/clock';
import { type CapacityRequest, capacityLimit, jain } from '../../src/bench/capacity';
import { realWorldGoal } from '../../src/bench/index';
import { backoffOn, rateLimiterOn } from '../../src/bench/realWorld/adaptiveRetry';
import { type RealWorldRow } from '../../src/bench/realWorld/run';
import { RW_ANSWER, RW_INPUT, backgroundFor, rwRequest } from '../../src/bench/realWorld/world';
import { capacityRequest, sizedRequest } from '../../src/bench/workload';
import { lengthenAnswer, replyPieces } from '../../src/simulator';

const req = (atMs: number, reserve: number, settle = reserve, durationMs = 0): CapacityRequest => ({ atMs, reserve, settle, durationMs });
const burst = (at: number, n: number, tokens = 1_000) => Array.from({ length: n }, () => req(at, tokens));

describe('benchmark arithmetic', () => {
  it("Jain's index is 1 for an even split and 1/n when one tenant gets everything", () => {
    assert.equal(jain([5, 5, 5]), 1);
    assert.ok(Math.abs(jain([9, 0, 0]) - 1 / 3) < 1e-12);
    assert.ok(jain([6, 5, 4]) > 0.95 && jain([6, 5, 4]) < 1);
  });

  it('the capacity limit fills each pool to its tokens per minute, once a minute, and not from a Region that is down', () => {
    const pools = [{ id: 'east', tpm: 4_000 }, { id: 'west', tpm: 2_000, downAtMs: 30_000 }];
    assert.deepEqual(capacityLimit(pools, burst(0, 100)), { requests: 6, tokens: 6_000 }, 'a burst fills every pool once');
    assert.deepEqual(capacityLimit(pools, [...burst(0, 100), ...burst(60_000, 100)]), { requests: 10, tokens: 10_000 }, 'a minute later, only the Region still up');
    assert.deepEqual(capacityLimit([{ id: 'east', tpm: 4_000 }], [...burst(0, 100), ...burst(59_999, 100)]).requests, 4, 'the window slides: 59.999 s later is the same minute');
    const spread = Array.from({ length: 100 }, (_, n) => req(n * 1_000, 50));
    assert.equal(capacityLimit(pools, spread).requests, 100, 'light load: everything');
  });

  it('the capacity limit reserves input + maxTokens at admission and counts the real usage from the end of the request', () => {
    const pool = [{ id: 'p', tpm: 3_000 }];
    // Reserves 3,000 until it ends at 10 s, then counts 1,000: a 2,000 request fits only after that.
    assert.equal(capacityLimit(pool, [req(0, 3_000, 1_000, 10_000), req(5_000, 2_000)]).requests, 1);
    assert.equal(capacityLimit(pool, [req(0, 3_000, 1_000, 10_000), req(11_000, 2_000)]).requests, 2);
    // Output x 5 can settle above the reservation (as on Bedrock): it is counted, and blocks the next one.
    const over = capacityLimit(pool, [req(0, 1_500, 2_900, 1_000), req(2_000, 1_000)]);
    assert.deepEqual(over, { requests: 1, tokens: 2_900 });
  });

  it("the capacity left to us: another caller's draws count in their pool even when it is full; our requests may wait up to maxWaitMs", () => {
    const pool = [{ id: 'p', tpm: 10_000 }];
    assert.equal(capacityLimit(pool, [req(1_000, 5_000)], [{ atMs: 0, poolId: 'p', tokens: 6_000 }]).requests, 0, 'no room left by the other caller');
    assert.equal(capacityLimit(pool, [req(1_000, 5_000)]).requests, 1, 'alone it fits');
    const full = capacityLimit(pool, burst(0, 10), [{ atMs: 0, poolId: 'p', tokens: 4_000 }]);
    assert.equal(full.requests, 6, 'the other caller first at equal times');
    // A reservation that settles low frees room while a request waits.
    const waits = [req(0, 9_000, 2_000, 4_000), req(1_000, 5_000)];
    assert.equal(capacityLimit(pool, waits).requests, 1, 'admitted on arrival only');
    assert.equal(capacityLimit(pool, waits, [], 10_000).requests, 2, 'waiting 3 s for the settlement');
    assert.equal(capacityLimit(pool, waits, [], 2_000).requests, 1, 'but not beyond maxWaitMs');
  });

  it('sized requests: input as the simulator counts it (characters / 4), answers of the scenario\'s length, reservation and burndown', () => {
    const r = sizedRequest({ seed: 1, n: 7, inputTokens: 5_000, maxTokens: 300 });
    assert.equal(r.inputTokens, 5_000);
    assert.equal(r.outputTokens, replyPieces(1, r.question).length, 'the short answer the simulator gives this question');
    const c = capacityRequest(r, 0, 'us.anthropic.claude-sonnet-4-6', { ttftMs: 600, tokensPerSecond: 90 });
    assert.equal(c.reserve, 5_300);
    assert.equal(c.settle, 5_000 + 5 * r.outputTokens, 'Claude 4-class output counts 5x');
    assert.equal(capacityRequest(r, 0, 'amazon.nova-lite-v1:0', { ttftMs: 600, tokensPerSecond: 90 }).settle, 5_000 + r.outputTokens, 'Nova 1:1');
    const sizes = Array.from({ length: 200 }, (_, n) => rwRequest(1, n));
    assert.ok(sizes.every((x) => x.inputTokens >= RW_INPUT.min && x.inputTokens <= RW_INPUT.max + 1));
    assert.ok(sizes.every((x) => x.outputTokens >= RW_ANSWER.min && x.outputTokens <= RW_ANSWER.max));
    assert.ok(Math.max(...sizes.map((x) => x.outputTokens)) > 3_000 && Math.min(...sizes.map((x) => x.outputTokens)) < 800, 'spread over the range');
    assert.deepEqual(lengthenAnswer(1, 'q', replyPieces(1, 'q'), { min: 300, max: 300 }).length, 300);
  });

  it('the background caller takes 30 to 60% of its pool, a new share each minute', () => {
    const shares = Array.from({ length: 20 }, (_, m) => backgroundFor(1, m).tokensPerMinute / 400_000);
    assert.ok(shares.every((s) => s >= 0.3 && s <= 0.6), shares.join(', '));
    assert.ok(new Set(shares).size > 10);
  });
});

describe("the SDK's adaptive retry mode on the simulated clock", () => {
  it('after a throttle its token bucket makes the next send wait on the simulated clock, not the wall clock', async () => {
    const clock = new ManualClock();
    const limiter = rateLimiterOn(clock);
    await limiter.getSendToken(); // not enabled before a throttle: immediate
    limiter.updateClientSendingRate({ errorType: 'THROTTLING' });
    let sent = false;
    const next = limiter.getSendToken().then(() => (sent = true));
    await clock.advance(10);
    assert.equal(sent, false, 'waiting for the bucket to refill');
    await clock.advance(5_000);
    await next;
    assert.equal(sent, true, 'sent once simulated time passed');
  });

  it("its backoff is the SDK's full jitter, in real ms for the clock's scale", () => {
    const b = backoffOn(new ScaledClock(10), () => 0.5);
    b.setDelayBase(1_000);
    assert.equal(b.computeNextBackoffDelay(0), 50);
    assert.equal(b.computeNextBackoffDelay(2), 200);
    assert.equal(b.computeNextBackoffDelay(10), 1_000, 'capped at 20 s simulated');
  });
});

describe('issue 18 real-world goal', () => {
  const row = (client: string, goodput: number, throttlesPerSuccess: number) => ({ client, goodput, throttlesPerSuccess }) as RealWorldRow;
  it('met only when learning reaches 95% of the capacity left at <= 2% throttles and beats the SDK adaptive mode on both', () => {
    assert.equal(realWorldGoal([row('2. adaptive', 0.9, 0.05), row('5. learning', 0.96, 0.01)]).met, true);
    assert.equal(realWorldGoal([row('2. adaptive', 0.9, 0.05), row('5. learning', 0.94, 0.01)]).met, false);
    assert.equal(realWorldGoal([row('2. adaptive', 0.9, 0.05), row('5. learning', 0.96, 0.03)]).met, false);
    assert.equal(realWorldGoal([row('2. adaptive', 0.97, 0.001), row('5. learning', 0.96, 0.01)]).met, false);
    assert.equal(realWorldGoal([row('2. adaptive', 0.9, 0.05)]).met, false);
  });
});

describe('issue 21 benchmark goals', () => {
  it('cost: met only when `cost` meets its objective and no strategy that meets it is cheaper', async () => {
    const { costGoal } = await import('../../src/bench/costBench');
    const row = (strategy: string, costPer1k: number, meetsObjective: boolean) => ({ strategy, offered: 10, succeeded: 10, costPer1k, ttftP95Ms: 1, meetsObjective, byTarget: {} });
    assert.equal(costGoal([row('shuffle', 0.1, false), row('latency', 0.5, true), row('cost', 0.3, true)]).met, true);
    assert.equal(costGoal([row('latency', 0.2, true), row('cost', 0.3, true)]).met, false);
    assert.equal(costGoal([row('cost', 0.3, false)]).met, false);
  });

  it('slow Region: met only by a variant that answered everything within 1.1x of healthy at <= 5% extra calls', async () => {
    const { slowRegionGoal } = await import('../../src/bench/slowRegion');
    const row = (variant: string, vsHealthy: number, extraCallsPct: number, answered = 10) => ({ variant, answered, offered: 10, ttftP99Ms: 1, vsHealthy, extraCallsPct });
    assert.equal(slowRegionGoal([row('slow Region, no hedging', 1, 0), row('slow Region, hedging', 1.05, 4)]).met, true);
    assert.equal(slowRegionGoal([row('slow Region, hedging', 1.05, 6)]).met, false);
    assert.equal(slowRegionGoal([row('slow Region, escalate to priority', 0.2, 0, 6)]).met, false);
    assert.equal(slowRegionGoal([row('slow Region, no hedging', 1, 0)]).met, false);
  });
});
