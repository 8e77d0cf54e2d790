import assert from 'node:assert/strict';
import { type SettingsInput } from '../../../src/router';
import { type RequestRecord } from '../../../src/router/records';
import { hello, makeRouter } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

/** 'a' is the cheaper target, so the cost strategy always calls it first; 'b' is where a hedge goes. */
function settings(hedge: Record<string, unknown> = { budgetPercent: 100, minDelayMs: 0 }): SettingsInput {
  return {
    targets: [
      { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', maxConcurrent: 1, price: { inputPerMillion: 1, outputPerMillion: 1 } },
      { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2', maxConcurrent: 1, price: { inputPerMillion: 2, outputPerMillion: 2 } },
    ],
    routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'cost', hedge }],
    cooldown: { failures: 100 },
  } as SettingsInput;
}

async function run(ctx: ReturnType<typeof makeRouter>, stepMs = 10, maxMs = 10_000): Promise<{ record: RequestRecord; text: string }> {
  let done = false;
  let text = '';
  let record: RequestRecord | undefined;
  const p = (async () => {
    for await (const e of ctx.router.stream({ tenant: 'ws', request: hello })) {
      if (e.type === 'text') text += e.text;
      if (e.type === 'record') record = e.record;
    }
    done = true;
  })();
  for (let t = 0; t < maxMs && !done; t += stepMs) await ctx.clock.advance(stepMs);
  await p;
  return { record: record!, text };
}

/** Ten fast answers from 'a': its p95 time to first token becomes 100 ms. */
async function learn(ctx: ReturnType<typeof makeRouter>, n = 10): Promise<void> {
  for (let i = 0; i < n; i++) assert.equal((await run(ctx)).record.servedBy!.targetId, 'a');
}

describe('router: hedged first token', () => {
  it("fires at the target's learnt p95, streams the hedge that answers first, and cancels and settles the slow call", async () => {
    const ctx = makeRouter(settings());
    ctx.provider.on(ctx.endpoint('a'), (n) => (n < 10 ? { kind: 'ok', firstTokenMs: 100 } : { kind: 'ok', firstTokenMs: 5_000, text: 'late answer from a' }));
    ctx.provider.on(ctx.endpoint('b'), [{ kind: 'ok', firstTokenMs: 50, text: 'hedged answer from b' }]);
    await learn(ctx);
    const p = run(ctx, 10);
    const r = await p;
    const hedgeCall = ctx.provider.calls[11]!;
    const slowCall = ctx.provider.calls[10]!;
    assert.equal(hedgeCall.endpoint.profile, 'shard-b');
    assert.equal(hedgeCall.startedAt - slowCall.startedAt, 100, 'the hedge starts at the p95 (100 ms), not before');
    assert.equal(r.text, 'hedged answer from b', 'only the winner\'s text, never mixed');
    assert.equal(r.record.hedged, true);
    assert.equal(r.record.hedgeWinner, 'hedge');
    assert.equal(r.record.servedBy!.targetId, 'b');
    assert.deepEqual(r.record.attempts.map((a) => [a.targetId, a.outcome, a.hedge === true]), [['a', 'cancelled', false], ['b', 'ok', true]]);
    const snap = ctx.router.snapshot();
    assert.deepEqual(snap.targets.map((t) => [t.id, t.usage.inFlight]), [['a', 0], ['b', 0]], 'the cancelled call freed its slot');
    assert.equal(ctx.provider.active, 0, 'the slow call was aborted');
  });

  it('when the first call answers before the hedge, the hedge is cancelled and the first is streamed', async () => {
    const ctx = makeRouter(settings());
    ctx.provider.on(ctx.endpoint('a'), (n) => (n < 10 ? { kind: 'ok', firstTokenMs: 100 } : { kind: 'ok', firstTokenMs: 300, text: 'answer from a' }));
    ctx.provider.on(ctx.endpoint('b'), [{ kind: 'ok', firstTokenMs: 1_000, text: 'answer from b' }]);
    await learn(ctx);
    const r = await run(ctx);
    assert.equal(r.text, 'answer from a');
    assert.equal(r.record.hedgeWinner, 'first');
    assert.deepEqual(r.record.attempts.map((a) => [a.targetId, a.outcome]), [['a', 'ok'], ['b', 'cancelled']]);
    assert.deepEqual(ctx.router.snapshot().targets.map((t) => t.usage.inFlight), [0, 0]);
    // Both slots are free: the next request is admitted at once on 'a'.
    ctx.provider.on(ctx.endpoint('a'), [{ kind: 'ok', firstTokenMs: 10 }]);
    assert.equal((await run(ctx)).record.servedBy!.targetId, 'a');
  });

  it('does not hedge before the target has a p95 (five answers), nor a call that answers in time', async () => {
    const ctx = makeRouter(settings());
    ctx.provider.on(ctx.endpoint('a'), [{ kind: 'ok', firstTokenMs: 100 }]);
    for (let i = 0; i < 8; i++) assert.equal((await run(ctx)).record.hedged, undefined);
    assert.equal(ctx.provider.callsTo(ctx.endpoint('b')), 0);
  });

  it('the budget caps hedges: at most budgetPercent of the requests in the last minute', async () => {
    const ctx = makeRouter(settings({ budgetPercent: 5, minDelayMs: 0 }));
    ctx.provider.on(ctx.endpoint('a'), (n) => (n < 40 ? { kind: 'ok', firstTokenMs: 100 } : { kind: 'ok', firstTokenMs: 1_000 }));
    ctx.provider.on(ctx.endpoint('b'), [{ kind: 'ok', firstTokenMs: 20 }]);
    await learn(ctx, 40);
    const hedged: boolean[] = [];
    // Five slow calls while 'a''s p95 is still 100 ms (hedged calls never reach their first token, so they add no slow sample).
    for (let i = 0; i < 5; i++) hedged.push((await run(ctx)).record.hedged === true);
    // 41 to 45 requests in the minute: 5% allows 2 hedges; the later slow calls wait for their own answer.
    assert.deepEqual(hedged, [true, true, false, false, false]);
    assert.equal(ctx.provider.callsTo(ctx.endpoint('b')), 2);
  });

  it('a route without hedge never hedges', async () => {
    const s = settings();
    delete (s.routes![0] as { hedge?: unknown }).hedge;
    const ctx = makeRouter(s);
    ctx.provider.on(ctx.endpoint('a'), (n) => (n < 10 ? { kind: 'ok', firstTokenMs: 100 } : { kind: 'ok', firstTokenMs: 3_000 }));
    await learn(ctx);
    const r = await run(ctx);
    assert.equal(r.record.hedged, undefined);
    assert.equal(ctx.provider.callsTo(ctx.endpoint('b')), 0);
  });
});
