// Issue 19, item 9: the sample workspace's settings work there (none is one VS Code greys out in a
// workspace) and teach a route, a target and, through npm start's user settings, a workspace quota.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SAMPLE_WORKSPACE, startUserSettings } from '../../../scripts/startSettings';
import { DEFAULT_SETTINGS } from '../../../src/extension/defaults';
import { USER_ONLY_SETTINGS } from '../../../src/extension/settingsMeta';
import { validateSettings } from '../../../src/router';

const PREFIX = 'resilientLlm.';
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
const unprefixed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.slice(PREFIX.length), v]));

describe('first hour: the sample workspace', () => {
  const settings = JSON.parse(readFileSync('test/fixtures/sample-workspace/.vscode/settings.json', 'utf8')) as Record<string, unknown>;

  it('sets only what a workspace may set (VS Code greys out user-scoped settings there)', () => {
    for (const key of Object.keys(settings)) {
      assert.ok(key.startsWith(PREFIX), key);
      assert.ok(!USER_ONLY_SETTINGS.includes(key.slice(PREFIX.length)), `${key} is a user setting: it does nothing in a workspace`);
      assert.equal(manifest.contributes.configuration.properties[key]?.scope, 'window', `${key}: scope in package.json`);
    }
  });

  it('has a target and a route that are valid and serve what the defaults serve', () => {
    const r = validateSettings(unprefixed(settings));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.ok(r.config.targets.size >= 1 && r.config.routes.size >= 1);
    assert.deepEqual([...r.config.routes.keys()], DEFAULT_SETTINGS.routes.map((x) => x.name), 'the tests and the README describe these routes');
    assert.equal(r.config.defaultRoute, 'sonnet', 'the first route');
  });

  it("npm start gives the workspace its own quota in user settings, where it takes effect", () => {
    const user = startUserSettings();
    for (const key of Object.keys(user)) assert.notEqual(manifest.contributes.configuration.properties[key]?.scope, 'window', `${key} belongs in the workspace file`);
    const r = validateSettings({ ...unprefixed(settings), ...unprefixed(user) });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    const own = r.config.settings.quotas.workspaces[SAMPLE_WORKSPACE];
    assert.equal(own?.rpm, 30);
    assert.notEqual(own?.rpm, r.config.settings.quotas.default.rpm, 'differs from the default, so its effect shows ("Bedrock 0/30 rpm")');
    assert.deepEqual(Object.keys(r.config.settings.quotas.workspaces).filter((k) => k !== SAMPLE_WORKSPACE), Object.keys(DEFAULT_SETTINGS.quotas.workspaces ?? {}), 'the demo tenants stay');
  });
});
