/**
 * The breaker (issue 15, defect 1): only a failed probe lengthens a rest. Requests that
 * were already in flight when the breaker opened, and fail after, count once at most.
 * A model test drives `TargetHealth` with random failure and success timings (in-flight
 * attempts that end after it opened included) against a small reference model.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type ErrorKind } from '../../../src/providers/errors';
import { RouterError } from '../../../src/router';
import { MAX_BACKOFF, TargetHealth } from '../../../src/router/health';
import { hello, makeRouter } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-sonnet-4-6';

describe('breaker: only a failed probe lengthens the rest', () => {
  it('10 requests in flight that all fail open the breaker for one cooldown (15 s), not 4 min', async () => {
    const { router, provider, endpoint, clock } = makeRouter({
      targets: [{ id: 'a', model: M, profile: 'p', region: 'us-east-1' }],
      routes: [{ name: 'main', targets: ['a'] }],
      cooldown: { failures: 3, durationMs: 15_000 },
      retry: { maxAttempts: 1 },
      maxQueueWaitMs: 0,
    });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'unavailable', afterMs: 200 }]);
    const sends = Array.from({ length: 10 }, () => router.send({ tenant: 'ws', request: hello }).catch((e: unknown) => e));
    await clock.advance(0);
    await clock.advance(200);
    const results = await Promise.all(sends);
    assert.ok(results.every((r) => RouterError.isInstance(r)));
    const a = router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(a.health, 'cooling');
    assert.equal(a.retryInMs, 15_000, `rest after 10 in-flight failures: ${a.healthLabel} (${a.reason})`);
    assert.doesNotMatch(a.reason!, /probe/, 'no probe was ever sent');
  });

  it('a failed probe still doubles the rest; a late in-flight failure during half-open does not', async () => {
    const { router, provider, endpoint, clock } = makeRouter({
      targets: [{ id: 'a', model: M, profile: 'p', region: 'us-east-1' }],
      routes: [{ name: 'main', targets: ['a'] }],
      cooldown: { failures: 1, durationMs: 1_000 },
      retry: { maxAttempts: 1 },
      maxQueueWaitMs: 0,
    });
    // Call 1 fails fast (opens the breaker), call 2 is a slow request already in flight, call 3 is the probe.
    provider.on(endpoint('a'), (n) => (n === 1 ? { kind: 'error', error: 'unavailable', afterMs: 1_500 } : { kind: 'error', error: 'unavailable', afterMs: 100 }));
    const slowFirst = router.send({ tenant: 'ws', request: hello }).catch((e: unknown) => e);
    const slow = router.send({ tenant: 'ws', request: hello }).catch((e: unknown) => e);
    await clock.advance(0);
    await clock.advance(100); // call 1 fails: cooling 1 s
    await slowFirst;
    await clock.advance(1_000); // rested
    const probe = router.send({ tenant: 'ws', request: hello }).catch((e: unknown) => e);
    await clock.advance(0);
    await clock.advance(100); // the probe fails: 2 s
    await probe;
    const a = () => router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(a().retryInMs, 2_000);
    assert.match(a().reason!, /on the probe request/);
    await clock.advance(300); // the slow request started before the breaker opened fails now
    await slow;
    assert.equal(a().retryInMs, 1_700, 'the late failure did not lengthen the rest');
  });
});


describe('breaker model: random failure and success timings', () => {
  it('property: the rest grows only on failed probes, and never beyond 16x the cooldown', () => {
    const durationMs = 1_000;
    const arbitrary = fc.array(
      fc.record({ gap: fc.integer({ min: 0, max: 1_500 }), length: fc.integer({ min: 0, max: 4_000 }), ok: fc.boolean(), error: fc.constantFrom<ErrorKind>('throttled', 'unavailable', 'timeout', 'invalid-request', 'cancelled') }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 4 }), (attempts, failures) => {
        const h = new TargetHealth({ failures, windowMs: 60_000, durationMs });
        // Attempts start in order when the breaker lets them (skipped ones never start); they end in time order.
        const events: Array<{ at: number; id: number; start: boolean }> = [];
        let t = 0;
        attempts.forEach((a, id) => {
          t += a.gap;
          events.push({ at: t, id, start: true }, { at: t + a.length, id, start: false });
        });
        events.sort((x, y) => x.at - y.at || Number(y.start) - Number(x.start));
        const running = new Map<number, { probe: boolean; startedAt: number }>();
        let lastRest = 0;
        let strikes = 0;
        for (const e of events) {
          const a = attempts[e.id]!;
          if (e.start) {
            const avail = h.check(e.at);
            if (!avail.ok) continue;
            if (avail.probe) h.startProbe();
            running.set(e.id, { probe: avail.probe, startedAt: e.at });
            continue;
          }
          const r = running.get(e.id);
          if (!r) continue;
          running.delete(e.id);
          const before = h.snapshot;
          const untilBefore = before.state === 'cooling' ? before.until : undefined;
          if (a.ok) h.recordSuccess(e.at);
          else h.recordFailure(a.error, e.at, undefined, 'boom', r);
          const after = h.snapshot;
          if (after.state !== 'cooling') {
            if (after.state === 'healthy') strikes = 0;
            continue;
          }
          const rest = after.until - e.at;
          const grew = untilBefore === undefined || after.until > untilBefore;
          if (!grew) continue;
          // A new or longer rest: a failed probe (rest doubles, capped), or the failures that opened it (one cooldown).
          if (r.probe && !a.ok && before.state === 'half-open') {
            strikes++;
            assert.equal(rest, Math.min(durationMs * 2 ** strikes, durationMs * MAX_BACKOFF), `probe failure #${strikes}`);
          } else {
            assert.equal(before.state, 'healthy', `a rest began or grew from ${before.state} after a non-probe attempt (${JSON.stringify(r)})`);
            assert.equal(rest, durationMs, 'a breaker opened by ordinary failures rests one cooldown');
          }
          assert.ok(rest <= durationMs * MAX_BACKOFF);
          lastRest = rest;
        }
        return lastRest <= durationMs * MAX_BACKOFF;
      }),
      { numRuns: 300, seed: 1501 },
    );
  });
});
