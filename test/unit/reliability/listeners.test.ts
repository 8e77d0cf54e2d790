import assert from 'node:assert/strict';
import { hello, makeRouter } from '../../support/routerFixtures';

describe('reliability: many requests in flight print no "possible memory leak" warning', () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => {
    if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message);
  };
  before(() => process.on('warning', onWarning));
  after(() => process.off('warning', onWarning));
  beforeEach(() => warnings.splice(0));

  const settings = () => ({
    targets: [{ id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1' }],
    routes: [{ name: 'main', targets: ['a'] }],
  });

  for (const shared of [false, true]) {
    it(shared ? '50 requests sharing one caller signal (a demo, a batch)' : '50 requests without a signal', async () => {
      const { router, provider, endpoint, clock, store } = makeRouter(settings());
      provider.on(endpoint('a'), [{ kind: 'ok', firstTokenMs: 100 }]);
      const signal = shared ? new AbortController().signal : undefined;
      const all = Promise.all(Array.from({ length: 50 }, () => router.send({ tenant: 'ws', request: hello, signal })));
      await clock.advance(0);
      assert.equal(provider.active, 50, 'all in flight at once');
      await clock.advance(100);
      await all;
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings, []);
      assert.equal(store.outstanding, 0);
    });
  }
});
