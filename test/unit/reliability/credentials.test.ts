import assert from 'node:assert/strict';
import { RouterError } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';

const EXPIRED = 'The credentials of AWS profile "shard-a" have expired. Run `aws sso login --profile shard-a` (or refresh the profile\'s keys) and try again.';

describe('reliability: a credentials problem reads the same on every request', () => {
  const settings = () => ({
    targets: [
      { id: 'a-east', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1' },
      { id: 'a-west', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-west-2' },
    ],
    routes: [{ name: 'main', targets: ['a-east', 'a-west'] }],
  });

  it('requests after the first, which find every shard resting, get the credentials error and its profile (not "unavailable")', async () => {
    const { router, provider, endpoint, store } = makeRouter(settings());
    for (const id of ['a-east', 'a-west']) provider.on(endpoint(id), [{ kind: 'error', error: 'credentials', message: EXPIRED }]);
    const errors: RouterError[] = [];
    for (let i = 0; i < 3; i++) {
      try {
        await router.send({ tenant: 'ws', request: hello });
        assert.fail('no shard has working credentials');
      } catch (err) {
        assert.ok(RouterError.isInstance(err));
        errors.push(err);
      }
    }
    assert.equal(provider.calls.length, 2, 'each shard was called once; later requests did not call them again');
    for (const [i, e] of errors.entries()) {
      assert.equal(e.kind, 'credentials', `request ${i + 1}: ${e.message}`);
      assert.equal(e.message, EXPIRED, `request ${i + 1}`);
      assert.equal(e.profile, 'shard-a', `request ${i + 1}: the profile to sign in to`);
      assert.equal(e.record?.errorKind, 'credentials');
    }
    assert.deepEqual(errors[2]!.skipped.map((s) => [s.targetId, s.credentialsProfile]).sort(), [['a-east', 'shard-a'], ['a-west', 'shard-a']]);
    assert.equal(store.outstanding, 0);
  });

  it('the first request, which meets the problem on every shard itself, gets it too when each message names its target', async () => {
    const { router, provider, endpoint } = makeRouter(settings());
    const rejected = (id: string) => `Target "${id}": AWS rejected the request signature of profile "shard-a" (InvalidSignatureException): the secret key does not match the access key.`;
    for (const id of ['a-east', 'a-west']) provider.on(endpoint(id), [{ kind: 'error', error: 'credentials', message: rejected(id) }]);
    const first = await router.send({ tenant: 'ws', request: hello }).then(
      () => assert.fail('no shard has working credentials'),
      (e: RouterError) => e,
    );
    assert.equal(provider.calls.length, 2, 'both shards were tried');
    assert.equal(first.kind, 'credentials', first.message);
    assert.match(first.message, /AWS rejected the request signature of profile "shard-a"/);
    assert.equal(first.profile, 'shard-a');
  });

  it('a route whose shards rest for different reasons still says "unavailable", with each reason', async () => {
    const s = settings();
    s.targets.push({ id: 'b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-east-1' });
    s.routes[0]!.targets.push('b');
    const { router, provider, endpoint } = makeRouter({ ...s, cooldown: { failures: 1 } });
    for (const id of ['a-east', 'a-west']) provider.on(endpoint(id), [{ kind: 'error', error: 'credentials', message: EXPIRED }]);
    provider.on(endpoint('b'), [{ kind: 'error', error: 'unavailable', message: 'Bedrock is unavailable' }]);
    await assert.rejects(router.send({ tenant: 'ws', request: hello }));
    const second = await router.send({ tenant: 'ws', request: hello }).then(
      () => assert.fail('nothing can serve'),
      (e: RouterError) => e,
    );
    assert.equal(second.kind, 'unavailable');
    assert.match(second.message, /a-east: The credentials of AWS profile "shard-a" have expired/);
    assert.match(second.message, /b: cooling down for /);
  });
});
