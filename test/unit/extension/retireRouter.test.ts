import assert from 'node:assert/strict';
import { retireWhenIdle } from '../../../src/extension/retireRouter';
import { hello, makeRouter } from '../../support/routerFixtures';

const settings = { targets: [{ id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p', region: 'us-east-1' }], routes: [{ name: 'r', targets: ['a'] }] };

describe('extension: retiring a replaced router', () => {
  it('closes as the last request ends, not on a timer, and only once', async () => {
    const { router, provider, endpoint, clock } = makeRouter(settings);
    provider.on(endpoint('a'), [
      { kind: 'ok', firstTokenMs: 1_000 },
      { kind: 'ok', firstTokenMs: 2_000 },
    ]);
    const first = router.send({ tenant: 't', request: hello });
    const second = router.send({ tenant: 't', request: hello });
    await clock.advance(10);
    let closed = 0;
    retireWhenIdle(router, () => closed++);
    await clock.advance(1_000);
    await first;
    assert.equal(closed, 0, 'closed while the second request was in flight');
    await clock.advance(1_000);
    await second;
    assert.equal(closed, 1, 'closed when the last request ended');
    provider.on(endpoint('a'), [{ kind: 'ok' }]);
    await router.send({ tenant: 't', request: hello });
    assert.equal(closed, 1, 'a retired router no longer listens');
  });
});
