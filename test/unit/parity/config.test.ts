import assert from 'node:assert/strict';
import { ModelDirectory } from '../../../src/core/modelDirectory';
import { type SettingsInput, validateSettings } from '../../../src/router';

const SONNET_US = 'us.anthropic.claude-sonnet-4-6';

function problems(settings: SettingsInput, ctx = {}): string[] {
  const r = validateSettings(settings, ctx);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

function one(targets: SettingsInput['targets'], route: Record<string, unknown> = {}): SettingsInput {
  return { targets, routes: [{ name: 'main', targets: (targets ?? []).map((t) => t.id), ...route }] };
}

describe('parity settings: auth', () => {
  it('accepts each auth type and defaults to profile', () => {
    for (const type of ['profile', 'default-chain', 'api-key', 'access-keys'] as const) {
      const r = validateSettings(one([{ id: 't', model: SONNET_US, profile: 'acct', region: 'us-east-1', auth: { type } }]));
      assert.ok(r.ok, type);
      assert.deepEqual(r.config.targets.get('t')?.auth, { type });
    }
    const plain = validateSettings(one([{ id: 't', model: SONNET_US, profile: 'acct', region: 'us-east-1' }]));
    assert.ok(plain.ok && plain.config.targets.get('t')?.auth === undefined);
  });

  it('rejects an unknown type, a string, or secrets in settings, naming the path', () => {
    const at = (auth: unknown) => problems(one([{ id: 't', model: SONNET_US, profile: 'acct', region: 'us-east-1', auth: auth as never }]));
    assert.deepEqual(at({ type: 'sso' }), ['resilientLlm.targets[0].auth.type: must be one of "profile", "default-chain", "api-key", "access-keys"']);
    assert.deepEqual(at('api-key').map((p) => p.split(':')[0]), ['resilientLlm.targets[0].auth']);
    assert.deepEqual(at({ type: 'access-keys', secretAccessKey: 'x' }), ['resilientLlm.targets[0].auth.secretAccessKey: unknown field; remove it or fix its name']);
    assert.deepEqual(at({ type: 'api-key', apiKey: 'bedrock-api-key-x' }), ['resilientLlm.targets[0].auth.apiKey: unknown field; remove it or fix its name']);
  });

  it('rejects two ways to authenticate one account', () => {
    const p = problems({
      targets: [
        { id: 'a', model: SONNET_US, profile: 'acct', region: 'us-east-1', auth: { type: 'api-key' } },
        { id: 'b', model: SONNET_US, profile: 'acct', region: 'us-west-2' },
      ],
      routes: [{ name: 'main', targets: ['a', 'b'] }],
    });
    assert.deepEqual(p, ['resilientLlm.targets[1].auth: "profile" differs from target "a" ("api-key", Bedrock API key) in the same account "acct"; targets of one account authenticate the same way, so use the same auth or another profile name']);
  });

  it('checks profiles against the AWS files only for profile auth', () => {
    const settings: SettingsInput = {
      targets: [
        { id: 'a', model: SONNET_US, profile: 'keyed', region: 'us-east-1', auth: { type: 'api-key' } },
        { id: 'b', model: SONNET_US, profile: 'ci', region: 'us-east-1', auth: { type: 'default-chain' } },
        { id: 'c', model: SONNET_US, profile: 'missing', region: 'us-east-1' },
      ],
      routes: [{ name: 'main', targets: ['a', 'b', 'c'] }],
    };
    assert.deepEqual(problems(settings, { knownProfiles: ['other'] }).map((p) => p.split(':')[0]), ['resilientLlm.targets[2].profile']);
  });
});

describe('parity settings: route fields', () => {
  const targets: SettingsInput['targets'] = [
    { id: 'in-region', model: 'amazon.nova-lite-v1:0', profile: 'a', region: 'us-east-1' },
    { id: 'us', model: SONNET_US, profile: 'a', region: 'us-east-1' },
    { id: 'global', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'a', region: 'us-east-1' },
    { id: 'eu', model: 'eu.anthropic.claude-sonnet-4-6', profile: 'a', region: 'eu-west-1' },
  ];

  it('inferenceScope geographic rejects a global profile, naming the route target path', () => {
    const p = problems({ targets, routes: [{ name: 'main', targets: ['in-region', 'us', 'global'], inferenceScope: 'geographic' }] });
    assert.equal(p.length, 1);
    assert.match(p[0]!, /^resilientLlm\.routes\[0\]\.targets\[2\]: target "global" \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0\) may be processed anywhere, but this route's inferenceScope "geographic" keeps requests within one geography/);
  });

  it('inferenceScope in-region rejects every inference profile', () => {
    const p = problems({ targets, routes: [{ name: 'main', targets: ['in-region', 'us', 'global'], inferenceScope: 'in-region' }] });
    assert.deepEqual(p.map((x) => x.split(':')[0]), ['resilientLlm.routes[0].targets[1]', 'resilientLlm.routes[0].targets[2]']);
  });

  it('allowedRegions checks the Region sent to and every Region a profile may route to', () => {
    const p = problems({ targets, routes: [{ name: 'main', targets: ['in-region', 'us', 'global', 'eu'], allowedRegions: ['us-east-1', 'us-west-2'] }] });
    assert.deepEqual(p.map((x) => x.split(': ')[0]), ['resilientLlm.routes[0].targets[1]', 'resilientLlm.routes[0].targets[2]', 'resilientLlm.routes[0].targets[3]']);
    assert.match(p[0]!, /may be processed in us-east-2, outside this route's allowedRegions \(us-east-1, us-west-2\)/);
    assert.match(p[1]!, /may be processed in any commercial Region/);
    assert.match(p[2]!, /sends to eu-west-1, which is not in this route's allowedRegions/);
    assert.deepEqual(problems({ targets, routes: [{ name: 'main', targets: ['in-region', 'us'], allowedRegions: ['us-east-1', 'us-east-2', 'us-west-2'] }] }), []);
  });

  it('an application inference profile ARN passes a restricted route only once discovery says where it runs', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/abc123def456';
    const settings: SettingsInput = { targets: [{ id: 'app', model: arn, profile: 'a', region: 'us-east-1' }], routes: [{ name: 'main', targets: ['app'], allowedRegions: ['us-east-1'] }] };
    assert.match(problems(settings)[0] ?? '', /application inference profile .* what it copies is unknown/);
    const directory = new ModelDirectory();
    directory.addApplicationProfile(arn, { source: 'amazon.nova-lite-v1:0', regions: ['us-east-1'] });
    assert.deepEqual(problems(settings, { models: directory }), []);
    directory.addApplicationProfile(arn, { source: SONNET_US, regions: ['us-east-1', 'us-east-2', 'us-west-2'] });
    assert.match(problems(settings, { models: directory })[0] ?? '', /may be processed in us-east-2, us-west-2/);
    assert.deepEqual(problems({ ...settings, routes: [{ name: 'main', targets: ['app'] }] }), [], 'an unrestricted route takes any ARN');
  });

  it('validates reasoning and promptCaching', () => {
    assert.deepEqual(problems(one([targets[1]!], { reasoning: { budgetTokens: 2048 }, promptCaching: true })), []);
    assert.deepEqual(problems(one([targets[1]!], { reasoning: { budgetTokens: 100 } })), ['resilientLlm.routes[0].reasoning.budgetTokens: must be at least 1024 tokens (the smallest thinking budget models accept)']);
    assert.deepEqual(problems(one([targets[1]!], { reasoning: { budgetToken: 2048 } })).sort(), ['resilientLlm.routes[0].reasoning.budgetToken: unknown field (did you mean "budgetTokens"?); remove it or fix its name', 'resilientLlm.routes[0].reasoning.budgetTokens: is required']);
    assert.deepEqual(problems(one([targets[1]!], { promptCaching: 'yes' })), ['resilientLlm.routes[0].promptCaching: must be true or false']);
    assert.deepEqual(problems(one([targets[1]!], { inferenceScope: 'regional' })), ['resilientLlm.routes[0].inferenceScope: must be one of "in-region", "geographic", "global"']);
  });

  it('suggests the new field names for typos', () => {
    assert.match(problems(one([targets[1]!], { allowedRegion: ['us-east-1'] }))[0] ?? '', /allowedRegion: unknown field \(did you mean "allowedRegions"\?\)/);
  });
});
