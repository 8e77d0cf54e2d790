import assert from 'node:assert/strict';
import { type SettingsInput, formatProblem, settingsFromFile, validateSettings } from '../../../src/router';

const base = (): SettingsInput => ({
  targets: [
    { id: 'sonnet-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 3 },
    { id: 'sonnet-b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 3 },
    { id: 'haiku-a', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', rpm: 25 },
  ],
  routes: [
    { name: 'sonnet', targets: ['sonnet-a', 'sonnet-b'], strategy: 'shuffle', fallbacks: ['haiku'] },
    { name: 'haiku', targets: ['haiku-a'] },
  ],
  defaultRoute: 'sonnet',
  quotas: { default: { rpm: 10, tpm: 100_000 }, workspaces: { 'billing-service': { rpm: 3 } } },
});

function problems(mutate: (s: Record<string, unknown> & SettingsInput) => void, ctx = {}): string[] {
  const s = base() as Record<string, unknown> & SettingsInput;
  mutate(s);
  const r = validateSettings(s, ctx);
  assert.equal(r.ok, false, 'expected the settings to be rejected');
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe('settings validation', () => {
  it('accepts the documented example, fills defaults and resolves fallback chains', () => {
    const r = validateSettings(base());
    assert.ok(r.ok);
    assert.equal(r.config.defaultRoute, 'sonnet');
    assert.deepEqual(r.config.chains.get('sonnet'), ['sonnet', 'haiku']);
    assert.equal(r.config.targets.get('sonnet-a')!.weight, undefined, 'shuffle weighs by rpm unless a weight is set');
    assert.equal(r.config.settings.retry.maxAttempts, 4);
    assert.equal(r.config.settings.mode, 'simulated');
  });

  const cases: Array<[string, (s: Record<string, unknown> & SettingsInput) => void, RegExp]> = [
    ['unknown target id in a route', (s) => (s.routes![0]!.targets = ['sonnet-a', 'sonet-b']), /^resilientLlm\.routes\[0\]\.targets\[1\]: no target with id "sonet-b" \(did you mean "sonnet-b"\?\)/],
    ['unknown fallback route', (s) => (s.routes![0]!.fallbacks = ['hiaku']), /^resilientLlm\.routes\[0\]\.fallbacks\[0\]: no route named "hiaku" \(did you mean "haiku"\?\)/],
    ['fallback cycle', (s) => (s.routes![1]!.fallbacks = ['sonnet']), /^resilientLlm\.routes\[\d\]\.fallbacks\[0\]: fallback cycle (sonnet → haiku → sonnet|haiku → sonnet → haiku)/],
    ['self fallback', (s) => (s.routes![1]!.fallbacks = ['haiku']), /^resilientLlm\.routes\[1\]\.fallbacks\[0\]: route "haiku" cannot fall back to itself/],
    ['duplicate target id', (s) => s.targets!.push({ ...s.targets![0]! }), /^resilientLlm\.targets\[3\]\.id: duplicate target id "sonnet-a" \(first defined at resilientLlm\.targets\[0\]\.id\)/],
    ['duplicate route name', (s) => s.routes!.push({ name: 'haiku', targets: ['haiku-a'] }), /^resilientLlm\.routes\[2\]\.name: duplicate route name "haiku"/],
    ['zero rpm', (s) => (s.targets![0]!.rpm = 0), /^resilientLlm\.targets\[0\]\.rpm: must be at least 1/],
    ['negative tpm', (s) => (s.targets![1]!.tpm = -5), /^resilientLlm\.targets\[1\]\.tpm: must be at least 1/],
    ['huge rpm', (s) => (s.targets![0]!.rpm = 5e9), /^resilientLlm\.targets\[0\]\.rpm: must be at most 1000000; is that a typo\?/],
    ['fractional concurrency', (s) => (s.targets![0]!.maxConcurrent = 1.5), /^resilientLlm\.targets\[0\]\.maxConcurrent: must be a whole number/],
    ['wrong type', (s) => ((s.targets![0] as Record<string, unknown>).rpm = '3'), /^resilientLlm\.targets\[0\]\.rpm: must be a number of requests per minute/],
    ['malformed model id', (s) => (s.targets![0]!.model = 'claude sonnet'), /^resilientLlm\.targets\[0\]\.model: is not a Bedrock model id/],
    ['bad region', (s) => (s.targets![0]!.region = 'US East'), /^resilientLlm\.targets\[0\]\.region: must be an AWS Region such as "us-east-1"/],
    ['unknown strategy', (s) => ((s.routes![0] as Record<string, unknown>).strategy = 'fastest'), /^resilientLlm\.routes\[0\]\.strategy: must be one of "shuffle", "round-robin", "least-busy", "latency"/],
    ['empty routes', (s) => (s.routes = []), /^resilientLlm\.routes: define at least one route/],
    ['route with no targets', (s) => (s.routes![1]!.targets = []), /^resilientLlm\.routes\[1\]\.targets: must name at least one target/],
    ['unknown default route', (s) => (s.defaultRoute = 'opus'), /^resilientLlm\.defaultRoute: no route named "opus"/],
    ['misspelt field', (s) => ((s.targets![0] as Record<string, unknown>).rmp = 3), /^resilientLlm\.targets\[0\]\.rmp: unknown field \(did you mean "rpm"\?\)/],
    ['missing field', (s) => delete (s.targets![0] as Record<string, unknown>).profile, /^resilientLlm\.targets\[0\]\.profile: is required/],
    ['negative quota', (s) => (s.quotas = { workspaces: { a: { rpm: -1 } } }), /^resilientLlm\.quotas\.workspaces\.a\.rpm: must be at least 1/],
    ['targets not a list', (s) => ((s as Record<string, unknown>).targets = { id: 'x' }), /^resilientLlm\.targets: must be a list of targets/],
    ['target listed twice', (s) => (s.routes![0]!.targets = ['sonnet-a', 'sonnet-a']), /^resilientLlm\.routes\[0\]\.targets\[1\]: target "sonnet-a" is listed twice/],
    ['unknown mode', (s) => ((s as Record<string, unknown>).mode = 'prod'), /^resilientLlm\.mode: must be "simulated" or "aws"/],
  ];
  for (const [name, mutate, expected] of cases) {
    it(`rejects ${name} with a message naming the path`, () => {
      const found = problems(mutate);
      assert.ok(found.some((p) => expected.test(p)), `got:\n${found.join('\n')}`);
    });
  }

  it('rejects a profile that is not in the AWS files when the known profiles are given', () => {
    const found = problems((s) => (s.targets![1]!.profile = 'shard-c'), { knownProfiles: ['shard-a', 'shard-b'], profileSource: '~/.aws/config' });
    assert.match(found[0]!, /^resilientLlm\.targets\[1\]\.profile: no AWS profile named "shard-c" in ~\/\.aws\/config \(did you mean "shard-a"\?\); add it/);
  });

  it('accepts application inference profile ARNs and every geography prefix', () => {
    const s = base();
    s.targets![0]!.model = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456';
    s.targets![1]!.model = 'apac.anthropic.claude-sonnet-4-6';
    assert.ok(validateSettings(s).ok);
  });

  it('reads settings.json-shaped files, flat or nested, ignoring other extensions', () => {
    const flat = settingsFromFile({ 'editor.fontSize': 12, 'resilientLlm.targets': [], 'resilientLlm.tenant': 'x', 'resilientLlm.mode': 'aws' });
    assert.deepEqual(flat, { targets: [], mode: 'aws' });
    assert.deepEqual(settingsFromFile({ resilientLlm: { defaultRoute: 'a' } }), { defaultRoute: 'a' });
    assert.throws(() => settingsFromFile([1]), /must hold a JSON object/);
  });
});
