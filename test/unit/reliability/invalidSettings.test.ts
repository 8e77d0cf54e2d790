import assert from 'node:assert/strict';
import { ConfigError, type ResolvedConfig, type Router, type ValidationContext, formatProblem, resolveSettings, validateSettings } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';
import { type CorpusEntry, assertProblems, loadCorpus } from './invalidSettingsCorpus';

const corpus = loadCorpus();

const contextOf = (e: CorpusEntry): ValidationContext => (e.awsProfiles ? { knownProfiles: e.awsProfiles, profileSource: 'your AWS config and credentials files' } : {});

/** What the extension's settings bridge does with a change: configure only on ok. */
function applySettings(router: Router, raw: unknown, ctx: ValidationContext = {}): ReturnType<typeof validateSettings> {
  const result = validateSettings(raw, ctx);
  if (result.ok) router.configure(result.config);
  return result;
}

describe('reliability: the corpus of invalid settings files', () => {
  it('covers every class of bad settings the issue lists', () => {
    const names = corpus.map((e) => e.name);
    for (const cls of ['unknown-target-id', 'unknown-fallback-route', 'fallback-cycle', 'duplicate-target-id', 'duplicate-route-name', 'zero-rpm', 'negative-tpm', 'huge-rpm', 'wrong-type-limit', 'malformed-model-id', 'unknown-strategy', 'unknown-profile', 'empty-routes']) {
      assert.ok(names.includes(cls), `the corpus has ${cls}`);
    }
    assert.ok(corpus.length >= 30, `${corpus.length} files`);
  });

  for (const e of corpus) {
    it(`validateSettings rejects ${e.name} (${e.title}) with a message naming the path`, () => {
      const result = validateSettings(e.raw, contextOf(e));
      assert.equal(result.ok, false, `${e.name} must be rejected`);
      if (result.ok) return;
      for (const p of result.problems) assert.match(p.path, /^resilientLlm(\.|\[|$)/, 'every problem names its setting path');
      assertProblems(e, result.problems.map(formatProblem));
      assert.throws(() => resolveSettings(e.raw, contextOf(e)), (err: unknown) => err instanceof ConfigError && e.expects.every((x) => err.message.includes(x)));
    });
  }
});

describe('reliability: a router is configured only with valid settings; the last good configuration keeps serving', () => {
  const good = () => ({
    targets: [
      { id: 'sonnet-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 20, maxConcurrent: 4 },
      { id: 'sonnet-b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 20, maxConcurrent: 4 },
    ],
    routes: [{ name: 'sonnet', targets: ['sonnet-a', 'sonnet-b'], strategy: 'round-robin' as const }],
  });

  it('every invalid file is refused, the router keeps its configuration, and requests keep being served by it', async () => {
    const { router, store } = makeRouter(good());
    const before: ResolvedConfig = router.configuration;
    // The routes' configuration (their cost counters move as requests are served).
    const shownRoutes = () => JSON.stringify(router.snapshot().routes.map(({ cost: _cost, ...r }) => r));
    const routesBefore = shownRoutes();
    for (const e of corpus) {
      const result = applySettings(router, e.raw, contextOf(e));
      assert.equal(result.ok, false, e.name);
      assert.equal(router.configuration, before, `${e.name}: the router was not reconfigured`);
      assert.equal(shownRoutes(), routesBefore, `${e.name}: the routes shown are unchanged`);
      const answer = await router.send({ tenant: 'ws', request: hello });
      assert.match(answer.record.servedBy!.targetId, /^sonnet-[ab]$/, `${e.name}: served by the last good configuration`);
    }
    assert.equal(router.stats.totals.succeeded, corpus.length);
    assert.equal(store.outstanding, 0);
  });

  it('a valid change after invalid ones applies, with the limits and health of unchanged targets kept', async () => {
    const { router } = makeRouter(good());
    await router.send({ tenant: 'ws', request: hello });
    for (const e of corpus.slice(0, 5)) applySettings(router, e.raw, contextOf(e));
    const next = good();
    next.targets.push({ id: 'sonnet-c', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-c', region: 'us-east-2', rpm: 20, maxConcurrent: 4 });
    next.routes.push({ name: 'east2', targets: ['sonnet-c'], strategy: 'round-robin' });
    assert.ok(applySettings(router, next).ok);
    assert.deepEqual([...router.configuration.routes.keys()], ['sonnet', 'east2']);
    const r = await router.send({ tenant: 'ws', route: 'east2', request: hello });
    assert.equal(r.record.servedBy!.targetId, 'sonnet-c');
    const a = router.snapshot().targets.find((t) => t.id === 'sonnet-a')!;
    assert.equal(a.usage.rpm, 1, 'sonnet-a kept its RPM window across the changes');
  });
});
