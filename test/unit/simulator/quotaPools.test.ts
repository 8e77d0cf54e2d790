/** Pool arithmetic of the simulator's Bedrock quotas, on an injected manual clock. */
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { effectiveMaxTokens, reservationTokens, settledTokens } from '../../../src/simulator/burndown';
import { findModel } from '../../../src/simulator/catalog';
import { QuotaBook, ThrottleError } from '../../../src/simulator/quotas';
import { DAY_MS, DayCounter, TokenPool, WINDOW_MS } from '../../../src/simulator/tokenPool';

const START = Date.UTC(2026, 5, 1, 12);
const key = (over: Partial<Parameters<QuotaBook['limits']>[0]> = {}) => ({ profile: 'a', accountId: '111111111111', sourceRegion: 'us-east-1', modelId: 'anthropic.claude-sonnet-4-6', pool: 'cross-region' as const, ...over });

function throttleOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ThrottleError);
    return `${err.quota}: ${err.message}`;
  }
}

describe('simulator quota pools', () => {
  it('burndown: Claude 4-class output counts 5x, others 1:1; cache reads do not count; reservation is input + maxTokens', () => {
    const sonnet = findModel('anthropic.claude-sonnet-4-5-20250929-v1:0')!;
    const nova = findModel('amazon.nova-lite-v1:0')!;
    assert.equal(settledTokens(sonnet, { inputTokens: 1000, outputTokens: 200 }), 2000);
    assert.equal(settledTokens(sonnet, { inputTokens: 100, cacheWriteInputTokens: 900, outputTokens: 200 }), 2000);
    assert.equal(settledTokens(nova, { inputTokens: 1000, outputTokens: 200 }), 1200);
    assert.equal(reservationTokens(1000, 4096), 5096);
    assert.equal(effectiveMaxTokens(sonnet, undefined), 64_000, "the model's maximum output");
    assert.equal(effectiveMaxTokens(sonnet, 100), 100);
    assert.equal(effectiveMaxTokens(sonnet, undefined, 2048), 2048, "the scenario's default wins over the model's");
    assert.equal(effectiveMaxTokens(findModel('meta.llama3-3-70b-instruct-v1:0')!, undefined), 8192);
    assert.equal(effectiveMaxTokens(sonnet, 100_000), 64_000, 'never more than the maximum');
  });

  it('a minute window: reserve, settle down (or up), and free 60 s after admission', async () => {
    const clock = new ManualClock(START);
    const pool = new TokenPool(clock);
    const limits = { tpm: 10_000, tokensPerDay: 10_000 * 1440 };
    const settleA = pool.reserve(6000);
    assert.equal(pool.check(limits, 4000), undefined);
    assert.equal(pool.check(limits, 4001), 'tpm');
    settleA(1000);
    assert.deepEqual(pool.usage(), { requestsLastMinute: 1, tokensLastMinute: 1000, tokensToday: 1000, reservedTokens: 0 });
    settleA(50_000);
    assert.equal(pool.usage().tokensLastMinute, 1000, 'settles once');
    await clock.advance(30_000);
    const settleB = pool.reserve(2000);
    settleB(9000);
    assert.equal(pool.usage().tokensLastMinute, 10_000, 'settlement may exceed the reservation (and the quota)');
    assert.equal(pool.check(limits, 1), 'tpm');
    await clock.advance(WINDOW_MS - 30_000);
    assert.equal(pool.usage().tokensLastMinute, 9000, "A's minute is over");
    await clock.advance(30_000);
    assert.equal(pool.usage().tokensLastMinute, 0);
    assert.equal(pool.usage().tokensToday, 10_000);
  });

  it('a settlement after the window closed changes the day but not the next minute', async () => {
    const clock = new ManualClock(START);
    const pool = new TokenPool(clock);
    const settle = pool.reserve(5000);
    await clock.advance(WINDOW_MS + 1);
    settle(300);
    assert.equal(pool.usage().tokensLastMinute, 0);
    assert.equal(pool.usage().tokensToday, 300);
  });

  it('the day counter resets at 00:00 UTC, and a settlement from yesterday does not touch today', async () => {
    const clock = new ManualClock(START);
    const days = new DayCounter();
    const pool = new TokenPool(clock, days);
    const limits = { tpm: 1_000_000, tokensPerDay: 5000 };
    const settle = pool.reserve(4000);
    assert.equal(pool.check(limits, 1001), 'tpd');
    assert.equal(pool.check(limits, 1000), undefined);
    await clock.advance(DAY_MS - (START % DAY_MS));
    settle(100);
    assert.equal(pool.usage().tokensToday, 0);
    assert.equal(pool.check(limits, 5000), undefined);
  });

  it('RPM only where set (an older account): the 4th request in a minute is refused', () => {
    const clock = new ManualClock(START);
    const pool = new TokenPool(clock);
    for (let i = 0; i < 100; i++) pool.reserve(1)(1);
    assert.equal(pool.check({ tpm: 1e9, tokensPerDay: 1e12 }, 1), undefined, 'no RPM quota by default');
    const old = new TokenPool(clock);
    for (let i = 0; i < 3; i++) old.reserve(1)(1);
    assert.equal(old.check({ tpm: 1e9, tokensPerDay: 1e12, rpm: 3 }, 1), 'rpm');
  });

  it('QuotaBook: baseline, defaults and rules in order; tokens per day = tpm x 1,440 of the main kind unless set', () => {
    const clock = new ManualClock(START);
    const raised = new QuotaBook(clock);
    assert.deepEqual(raised.limits(key()), { tpm: 50_000_000, tokensPerDay: 50_000_000 * 1440 });
    const aws = new QuotaBook(clock, {}, [], 'aws-default');
    assert.deepEqual(aws.limits(key()), { tpm: 4_000_000, tokensPerDay: 4_000_000 * 1440 });
    const nova = key({ modelId: 'amazon.nova-pro-v1:0', pool: 'on-demand' });
    assert.deepEqual(aws.limits(nova), { tpm: 1_000_000, tokensPerDay: 2_000_000 * 1440 }, "Nova Pro's day follows its cross-Region quota");
    const book = new QuotaBook(clock, { tpm: 1000 }, [
      { model: 'us.anthropic.claude-sonnet-4-6', tpm: 2000 },
      { profile: 'a', region: 'us-east-1', model: 'anthropic.claude-sonnet-4-6', pool: 'on-demand', tokensPerDay: 7 },
      { profile: 'b', rpm: 5 },
    ]);
    assert.deepEqual(book.limits(key()), { tpm: 2000, tokensPerDay: 7 }, "a rule's pool does not narrow tokensPerDay (the day is the model's)");
    assert.deepEqual(book.limits(key({ profile: 'b' })), { tpm: 2000, tokensPerDay: 2000 * 1440, rpm: 5 });
    assert.deepEqual(book.limits(key({ modelId: 'amazon.nova-lite-v1:0' })), { tpm: 1000, tokensPerDay: 1000 * 1440 });
    book.setQuota({ tpm: 3 });
    assert.equal(book.limits(key()).tpm, 3);
    book.reset();
    assert.equal(book.limits(key()).tpm, 2000, 'reset drops run-time rules, keeps the scenario');
  });

  it("QuotaBook: pools per account x Region x model x kind, sharing the model's day, with Bedrock's messages", () => {
    const clock = new ManualClock(START);
    const book = new QuotaBook(clock, { tpm: 1000, tokensPerDay: 1500 });
    book.admit(key(), 900).settle(900);
    assert.equal(throttleOf(() => book.admit(key(), 101)), 'tpm: Too many tokens, please wait before trying again.');
    assert.equal(throttleOf(() => book.admit(key({ accountId: '222222222222' }), 1000)), undefined, 'another account');
    assert.equal(throttleOf(() => book.admit(key({ sourceRegion: 'us-west-2' }), 1000)), undefined, 'another Region');
    assert.equal(throttleOf(() => book.admit(key({ modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0' }), 1000)), undefined, 'another model');
    // The on-demand kind has its own minute but the same day: 900 + 601 > 1500.
    assert.equal(throttleOf(() => book.admit(key({ pool: 'on-demand' }), 601)), 'tpd: Too many tokens per day, please wait before trying again.');
    assert.equal(throttleOf(() => book.admit(key({ pool: 'on-demand' }), 600)), undefined);
    assert.equal(book.usageOf(key({ pool: 'on-demand' })).tokensToday, 1500);
    book.setQuota({ rpm: 1 });
    assert.equal(throttleOf(() => book.admit(key(), 1)), 'rpm: Too many requests, please wait before trying again.');
  });
});
