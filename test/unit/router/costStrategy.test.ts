import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/rng';
import { type SettingsInput } from '../../../src/router';
import { CostStrategy } from '../../../src/router/strategies/cost';
import { type Candidate } from '../../../src/router/strategies/types';
import { type ModelRequest } from '../../../src/providers/types';
import { routeCostText } from '../../../src/webview/dashboard/format';
import { makeRouter } from '../../support/routerFixtures';

const c = (id: string, costUsd: number, ttftP95Ms?: number, inFlight = 0): Candidate => ({ id, weight: 1, inFlight, outstandingTokens: 0, ttftMs: ttftP95Ms, ttftP95Ms, costUsd });
const ids = (cs: Candidate[]) => cs.map((x) => x.id);

describe('cost strategy', () => {
  const s = new CostStrategy();
  const r = seededRandom(1);

  it('leads with the cheapest target that meets the objective; the ones that miss follow, fastest first', () => {
    const order = s.order([c('opus', 10, 300), c('flash', 1, 2_500), c('haiku', 2, 600), c('sonnet', 5, 400), c('slowest', 0.5, 4_000)], r, { ttftObjectiveMs: 1_000 });
    assert.deepEqual(ids(order), ['haiku', 'sonnet', 'opus', 'flash', 'slowest']);
  });

  it('falls back to the fastest when none meets the objective', () => {
    assert.deepEqual(ids(s.order([c('a', 1, 5_000), c('b', 2, 3_000), c('c', 3, 4_000)], r, { ttftObjectiveMs: 1_000 })), ['b', 'c', 'a']);
  });

  it('a target without enough samples counts as meeting the objective (it gets measured); no objective: plain cheapest', () => {
    assert.deepEqual(ids(s.order([c('a', 2, 300), c('new', 1)], r, { ttftObjectiveMs: 1_000 })), ['new', 'a']);
    assert.deepEqual(ids(s.order([c('a', 2, 300), c('b', 1, 9_000)], r)), ['b', 'a']);
  });

  it('equal cost, all idle: the lead is drawn in proportion to size, as least-busy draws it', () => {
    const lead: Record<string, number> = {};
    for (let i = 0; i < 4_000; i++) {
      const first = s.order([{ ...c('big', 1), weight: 3 }, { ...c('small', 1), weight: 1 }], r, {})[0]!.id;
      lead[first] = (lead[first] ?? 0) + 1;
    }
    assert.ok(Math.abs(lead.big! / 4_000 - 0.75) < 0.03, JSON.stringify(lead));
  });

  it('equal cost: fewer attempts in flight first', () => {
    assert.deepEqual(ids(s.order([c('a', 1, 300, 2), c('b', 1, 300, 0)], r, {})), ['b', 'a']);
  });
});

const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SONNET = 'us.anthropic.claude-sonnet-4-6';
const LLAMA = 'us.meta.llama3-3-70b-instruct-v1:0';

function route(extra: Record<string, unknown>, targets: SettingsInput['targets']): SettingsInput {
  return { targets, routes: [{ name: 'main', targets: targets!.map((t) => t.id), strategy: 'cost', ...extra }], cooldown: { failures: 100 } } as SettingsInput;
}
const ask = (text = 'Hello there'): ModelRequest => ({ messages: [{ role: 'user', content: [{ type: 'text', text }] }], maxTokens: 400 });

describe('router: the cost strategy', () => {
  it('serves from the cheapest target while its p95 time to first token meets the objective, then from the next cheapest', async () => {
    const s = route({ ttftObjectiveMs: 1_000 }, [
      { id: 'sonnet', model: SONNET, profile: 'a', region: 'us-east-1' },
      { id: 'haiku', model: HAIKU, profile: 'a', region: 'us-east-1' },
      { id: 'cheap-slow', model: HAIKU, profile: 'b', region: 'us-east-1', price: { inputPerMillion: 0.1, outputPerMillion: 0.5 } },
    ]);
    const { router, provider, endpoint, clock } = makeRouter(s);
    provider.on(endpoint('sonnet'), [{ kind: 'ok', firstTokenMs: 200 }]);
    provider.on(endpoint('haiku'), [{ kind: 'ok', firstTokenMs: 400 }]);
    provider.on(endpoint('cheap-slow'), [{ kind: 'ok', firstTokenMs: 3_000 }]);
    const served: string[] = [];
    for (let i = 0; i < 15; i++) {
      const p = router.send({ tenant: 'ws', request: ask() });
      await clock.advance(5_000);
      served.push((await p).record.servedBy!.targetId);
    }
    // Five answers to learn that the cheapest misses the objective, then the next cheapest that meets it.
    assert.deepEqual(served, [...Array(5).fill('cheap-slow'), ...Array(10).fill('haiku')]);
  });

  it('when no target meets the objective it serves from the fastest', async () => {
    const s = route({ ttftObjectiveMs: 100 }, [
      { id: 'sonnet', model: SONNET, profile: 'a', region: 'us-east-1' },
      { id: 'haiku', model: HAIKU, profile: 'a', region: 'us-east-1' },
    ]);
    const { router, provider, endpoint, clock } = makeRouter(s);
    provider.on(endpoint('sonnet'), [{ kind: 'ok', firstTokenMs: 200 }]);
    provider.on(endpoint('haiku'), [{ kind: 'ok', firstTokenMs: 900 }]);
    const served: string[] = [];
    for (let i = 0; i < 14; i++) {
      const p = router.send({ tenant: 'ws', request: ask() });
      await clock.advance(5_000);
      served.push((await p).record.servedBy!.targetId);
    }
    assert.deepEqual(served.slice(-4), ['sonnet', 'sonnet', 'sonnet', 'sonnet']);
  });

  it('counts prompt-cache reads: a caching model that reads most of its input from cache beats a cheaper list price', async () => {
    // Per million input tokens: 'cached' 1.00 (reads at 0.10), 'plain' 0.50 with no prompt caching.
    const s = route({ promptCaching: true }, [
      { id: 'cached', model: HAIKU, profile: 'a', region: 'us-east-1', price: { inputPerMillion: 1, outputPerMillion: 1 } },
      { id: 'plain', model: LLAMA, profile: 'b', region: 'us-east-1', price: { inputPerMillion: 0.5, outputPerMillion: 1 } },
    ]);
    const { router, provider, endpoint, clock } = makeRouter({ ...s, routes: [...s.routes!, { name: 'cached-only', targets: ['cached'] }] });
    provider.on(endpoint('cached'), [{ kind: 'ok', inputTokens: 100, cacheReadInputTokens: 3_900, outputTokens: 100 }]);
    provider.on(endpoint('plain'), [{ kind: 'ok', inputTokens: 4_000, outputTokens: 100 }]);
    const long = ask('x'.repeat(16_000));
    const first = router.send({ tenant: 'ws', request: long });
    await clock.advance(1_000);
    // Before anything is known about its cache, 'cached' pays full input price: 'plain' is cheaper.
    assert.equal((await first).record.servedBy!.targetId, 'plain');
    // One answer from 'cached' (through another route) shows it reads most of its input from the cache.
    const learn = router.send({ tenant: 'ws', route: 'cached-only', request: long });
    await clock.advance(1_000);
    await learn;
    const after = router.send({ tenant: 'ws', request: long });
    await clock.advance(1_000);
    const rec = (await after).record;
    assert.equal(rec.servedBy!.targetId, 'cached');
    // 100 + 0.1 x 3,900 input at $1/M, 100 output at $1/M.
    assert.ok(Math.abs(rec.costUsd! - (100 + 390 + 100) / 1e6) < 1e-12, String(rec.costUsd));
  });
});

describe('route cost on the dashboard', () => {
  it("the snapshot holds each route's cost and what its most expensive target would have cost; the dashboard says what was saved", async () => {
    const s = route({}, [
      { id: 'sonnet', model: SONNET, profile: 'a', region: 'us-east-1', price: { inputPerMillion: 3, outputPerMillion: 15 } },
      { id: 'haiku', model: HAIKU, profile: 'a', region: 'us-east-1', price: { inputPerMillion: 1, outputPerMillion: 5 } },
    ]);
    const { router, provider, endpoint, clock } = makeRouter(s);
    provider.on(endpoint('haiku'), [{ kind: 'ok', inputTokens: 1_000, outputTokens: 200 }]);
    for (let i = 0; i < 4; i++) {
      const p = router.send({ tenant: 'ws', request: ask() });
      await clock.advance(100);
      assert.equal((await p).record.servedBy!.targetId, 'haiku');
    }
    const cost = router.snapshot().routes.find((r) => r.name === 'main')!.cost;
    // 4 x (1,000 x $1 + 200 x $5) / M on haiku; on sonnet 4 x (1,000 x $3 + 200 x $15) / M.
    assert.equal(cost.served, 4);
    assert.ok(Math.abs(cost.costUsd - 0.008) < 1e-12 && Math.abs(cost.baselineCostUsd - 0.024) < 1e-12, JSON.stringify(cost));
    assert.equal(routeCostText(cost), '$0.0080 for 4 answers · saved $0.02 (67%) vs its most expensive target');
  });

  it('says when a route spent more (priority tier) or has no answers yet', () => {
    assert.equal(routeCostText({ served: 2, costUsd: 0.35, baselineCostUsd: 0.2 }), '$0.35 for 2 answers · spent $0.15 (75%) more than its most expensive target');
    assert.equal(routeCostText({ served: 0, costUsd: 0, baselineCostUsd: 0 }), 'no answers yet');
    assert.equal(routeCostText({ served: 1, costUsd: 0.2, baselineCostUsd: 0.2 }), '$0.20 for 1 answer · same as its most expensive target');
  });
});
