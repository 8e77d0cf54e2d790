import assert from 'node:assert/strict';
import { type SettingsInput, validateSettings } from '../../../src/router';
import { formatProblem } from '../../../src/router/config/validate';
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

  it('hedge: false never hedges, even over two accounts and Regions', async () => {
    const ctx = makeRouter(settings(false as never));
    ctx.provider.on(ctx.endpoint('a'), (n) => (n < 10 ? { kind: 'ok', firstTokenMs: 100 } : { kind: 'ok', firstTokenMs: 3_000 }));
    await learn(ctx);
    const r = await run(ctx);
    assert.equal(r.record.hedged, undefined);
    assert.equal(ctx.provider.callsTo(ctx.endpoint('b')), 0);
  });
});

/** a (cheapest, so the cost strategy leads with it) and others; the route leaves `hedge` out unless `hedge` is given. */
function defaults(targets: Array<Record<string, unknown>>, hedge?: unknown): SettingsInput {
  const price = (n: number) => ({ inputPerMillion: n, outputPerMillion: n });
  return {
    targets: targets.map((t, i) => ({ model: M, maxConcurrent: 1, price: price(i + 1), ...t })),
    routes: [{ name: 'main', targets: targets.map((t) => t.id as string), strategy: 'cost', ...(hedge === undefined ? {} : { hedge }) }],
    cooldown: { failures: 100 },
  } as SettingsInput;
}

/** `n` requests whose first call (to 'a') is slow, after `fast` fast ones: whether each was hedged, and where the hedges went. */
async function slowCalls(ctx: ReturnType<typeof makeRouter>, n: number, fast = 40): Promise<{ hedged: boolean[]; to: string[] }> {
  ctx.provider.on(ctx.endpoint('a'), (k) => (k < fast ? { kind: 'ok', firstTokenMs: 100 } : { kind: 'ok', firstTokenMs: 2_000 }));
  await learn(ctx, fast);
  const hedged: boolean[] = [];
  const to: string[] = [];
  for (let i = 0; i < n; i++) {
    const { record } = await run(ctx);
    hedged.push(record.hedged === true);
    for (const a of record.attempts) if (a.hedge) to.push(a.targetId);
  }
  return { hedged, to };
}

describe('router: hedging by default', () => {
  it('is on, with the 5% budget, for a route over two accounts and Regions', async () => {
    const ctx = makeRouter(defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1' }, { id: 'b', profile: 'shard-b', region: 'us-west-2' }]));
    ctx.provider.on(ctx.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20, text: 'from b' }));
    const slow = ctx.provider.calls.length;
    const { hedged, to } = await slowCalls(ctx, 4);
    // 41 to 44 requests in the minute: 5% allows two hedges, each at 'a''s learnt p95 (100 ms).
    assert.deepEqual(hedged, [true, true, false, false]);
    assert.deepEqual(to, ['b', 'b']);
    const [first, hedge] = [ctx.provider.calls[slow + 40]!, ctx.provider.calls[slow + 41]!];
    assert.equal(hedge.endpoint.profile, 'shard-b');
    assert.equal(hedge.startedAt - first.startedAt, 100, 'at the learnt p95, not the 2 s the slow call took');
  });

  it('is on for two Regions of one account, and off for targets that share an account and Region', async () => {
    const regions = makeRouter(defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1' }, { id: 'b', profile: 'shard-a', region: 'us-west-2' }]));
    regions.provider.on(regions.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(regions, 1)).hedged, [true]);
    const one = makeRouter(defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1' }, { id: 'b', profile: 'shard-a', region: 'us-east-1', model: 'us.amazon.nova-pro-v1:0' }]));
    one.provider.on(one.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(one, 2)).hedged, [false, false]);
    assert.equal(one.provider.callsTo(one.endpoint('b')), 0);
  });

  it("hedges to another account or Region, never to a target in the slow call's own", async () => {
    // a2 is next in the cost order (cheaper than b), but it shares a's account and Region.
    const s = defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1' }, { id: 'a2', profile: 'shard-a', region: 'us-east-1', model: 'us.amazon.nova-pro-v1:0' }, { id: 'b', profile: 'shard-b', region: 'us-west-2' }]);
    const auto = makeRouter(s);
    for (const id of ['a2', 'b']) auto.provider.on(auto.endpoint(id), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(auto, 1)).to, ['b']);
    // Asked for explicitly, a hedge takes the next target in the route's order, as before.
    const asked = makeRouter({ ...s, routes: [{ ...s.routes![0]!, hedge: true }] } as SettingsInput);
    for (const id of ['a2', 'b']) asked.provider.on(asked.endpoint(id), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(asked, 1)).to, ['a2']);
  });

  it('spends only spare quota: no default hedge to a target whose own limits are more than half used', async () => {
    // b allows 3 requests a minute: after two hedges it has one left (a third of it), which the default leaves for requests.
    // 80 requests first, so the 5% budget allows four hedges: the budget is not what stops the third.
    const targets = [{ id: 'a', profile: 'shard-a', region: 'us-east-1' }, { id: 'b', profile: 'shard-b', region: 'us-west-2', rpm: 3 }];
    const auto = makeRouter(defaults(targets));
    auto.provider.on(auto.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(auto, 3, 80)).to, ['b', 'b']);
    // hedge: true takes the last slot: admitted within limits is all it asks.
    const asked = makeRouter(defaults(targets, true));
    asked.provider.on(asked.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(asked, 3, 80)).to, ['b', 'b', 'b']);
  });

  it("spends only spare quota: no default hedge to a target whose Bedrock pool is more than half used", async () => {
    // b's pool gives 600 tokens a minute; each answer settles to 50 of them (Claude output x 5). After seven hedges
    // it has 250 left (less than half), which the default leaves for requests; 169 requests allow eight hedges by budget.
    const base = defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1' }, { id: 'b', profile: 'shard-b', region: 'us-west-2' }]);
    const withPool = (hedge?: unknown): SettingsInput => ({
      ...base,
      routes: [{ ...base.routes![0]!, maxTokens: 40, ...(hedge === undefined ? {} : { hedge }) }],
      pools: [{ profile: 'shard-b', region: 'us-west-2', model: M, tpm: 600 }],
    }) as SettingsInput;
    const auto = makeRouter(withPool());
    auto.provider.on(auto.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.equal((await slowCalls(auto, 9, 160)).to.length, 7);
    assert.equal(auto.router.snapshot().pools?.find((p) => p.profile === 'shard-b')?.usage.tpm, 350);
    // hedge: true takes what is left: admitted within the pool's limit is all it asks.
    const asked = makeRouter(withPool(true));
    asked.provider.on(asked.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.equal((await slowCalls(asked, 9, 160)).to.length, 8, 'the budget stops the ninth');
  });

  it('waits out a surge: no default hedge while requests arrive at more than half the route\'s RPM', async () => {
    // The same traffic (41 requests within the last 10 s: 246 a minute) on two routes of different size.
    const small = makeRouter(defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1', rpm: 200 }, { id: 'b', profile: 'shard-b', region: 'us-west-2', rpm: 200 }]));
    small.provider.on(small.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(small, 1)).hedged, [false], '246 a minute is more than half of 400 RPM');
    const big = makeRouter(defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1', rpm: 1000 }, { id: 'b', profile: 'shard-b', region: 'us-west-2', rpm: 1000 }]));
    big.provider.on(big.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(big, 1)).hedged, [true], 'and less than half of 2,000 RPM');
    // Asked for, a hedge does not wait: admitted within limits and the budget is all it needs.
    const asked = makeRouter(defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1', rpm: 200 }, { id: 'b', profile: 'shard-b', region: 'us-west-2', rpm: 200 }], true));
    asked.provider.on(asked.endpoint('b'), () => ({ kind: 'ok', firstTokenMs: 20 }));
    assert.deepEqual((await slowCalls(asked, 1)).hedged, [true]);
  });

  it('hedge accepts false, true or an object; anything else is rejected with the setting named', () => {
    const base = defaults([{ id: 'a', profile: 'shard-a', region: 'us-east-1' }]);
    for (const hedge of [false, true, { budgetPercent: 2 }]) assert.equal(validateSettings({ ...base, routes: [{ ...base.routes![0]!, hedge }] } as SettingsInput).ok, true, JSON.stringify(hedge));
    const bad = validateSettings({ ...base, routes: [{ ...base.routes![0]!, hedge: 'yes' }] } as unknown as SettingsInput);
    assert.equal(bad.ok, false);
    const msgs = bad.ok ? [] : bad.problems.map(formatProblem);
    assert.deepEqual(msgs, ['resilientLlm.routes[0].hedge: must be false (no hedging), true (hedging with the defaults) or an object, e.g. { "budgetPercent": 5, "minDelayMs": 100 }']);
    const range = validateSettings({ ...base, routes: [{ ...base.routes![0]!, hedge: { budgetPercent: 500 } }] } as SettingsInput);
    assert.deepEqual(range.ok ? [] : range.problems.map(formatProblem), ['resilientLlm.routes[0].hedge.budgetPercent: must be between 0 and 100']);
  });
});
