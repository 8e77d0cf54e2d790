import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildConfiguration, buildUntrustedWorkspaces, packageJsonPath } from '../../scripts/gen-settings-schema';
import { DEFAULT_SETTINGS } from '../../src/extension/defaults';
import { SETTINGS_META } from '../../src/extension/settingsMeta';
import { settingsSchema, validateSettings } from '../../src/router';

const REGENERATE = 'package.json is out of date with the settings schema: run `npx tsx scripts/gen-settings-schema.ts`';

function packageJson(): { contributes: { configuration: unknown }; capabilities: { untrustedWorkspaces: unknown } } {
  return JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
}

describe('settings schema in package.json', () => {
  it('matches the schema generated from the router settings schema, defaults and metadata', () => {
    assert.deepEqual(packageJson().contributes.configuration, buildConfiguration(), REGENERATE);
  });

  it('restricts the same settings in untrusted workspaces', () => {
    assert.deepEqual(packageJson().capabilities.untrustedWorkspaces, buildUntrustedWorkspaces(), REGENERATE);
  });

  it('documents every setting of the router schema, with a scope and an example-bearing description', () => {
    for (const key of Object.keys(settingsSchema.shape)) {
      const meta = SETTINGS_META[key];
      assert.ok(meta, `resilientLlm.${key} has no entry in src/extension/settingsMeta.ts`);
      assert.ok(meta.markdownDescription.length > 40, `resilientLlm.${key} needs a real description`);
    }
  });

  it('keeps quotas, mode, endpoint, simulator and tenant out of workspace settings', () => {
    const props = buildConfiguration().properties;
    for (const key of ['quotas', 'mode', 'endpoint', 'simulator', 'tenant']) {
      const scope = props[`resilientLlm.${key}`]?.scope;
      assert.ok(scope === 'application' || scope === 'machine', `resilientLlm.${key} has scope ${String(scope)}`);
    }
    assert.equal(props['resilientLlm.quotas']?.scope, 'application');
    assert.equal(props['resilientLlm.routes']?.scope, 'window');
    const restricted = buildUntrustedWorkspaces().restrictedConfigurations;
    for (const key of ['quotas', 'mode', 'endpoint', 'simulator', 'tenant', 'targets']) assert.ok(restricted.includes(`resilientLlm.${key}`), `resilientLlm.${key} is not restricted`);
  });

  it('rejects unknown fields and keeps the defaults in the JSON schema', () => {
    const targets = buildConfiguration().properties['resilientLlm.targets'] as { items: { additionalProperties: unknown; required: string[] }; default: unknown };
    assert.equal(targets.items.additionalProperties, false);
    assert.deepEqual([...targets.items.required].sort(), ['id', 'model', 'profile', 'region']);
    assert.deepEqual(targets.default, DEFAULT_SETTINGS.targets);
  });
});

describe('default settings', () => {
  it('are valid and mirror the seed: two shards, a CRIS profile, a fallback model, three demo tenants', () => {
    const r = validateSettings(DEFAULT_SETTINGS);
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
    const targets = [...r.config.targets.values()];
    assert.deepEqual([...new Set(targets.map((t) => t.profile))].sort(), ['shard-a', 'shard-b']);
    assert.ok(targets.some((t) => t.model.startsWith('us.anthropic.claude-sonnet')));
    assert.deepEqual(r.config.chains.get(r.config.defaultRoute), ['sonnet', 'haiku']);
    assert.ok(r.config.targets.get('haiku')?.model.includes('haiku'));
    assert.deepEqual(Object.keys(r.config.settings.quotas.workspaces), ['tenant-a', 'tenant-b', 'tenant-c']);
    assert.equal(r.config.settings.quotas.workspaces['tenant-a']?.rpm, 3);
    assert.equal(r.config.settings.mode, 'simulated');
  });
});
