// Issue 19, item 1: the model picker preselects the first of our models in name order, so the
// default route's name must sort first (VS Code sorts with localeCompare; Chromium and Node share ICU).
import assert from 'node:assert/strict';
import { ModelDirectory } from '../../../src/core/modelDirectory';
import { DEFAULT_SETTINGS } from '../../../src/extension/defaults';
import { routeModels } from '../../../src/extension/lm/routeModels';
import { validateSettings } from '../../../src/router';

function pickerOrder(settings: Record<string, unknown>): string[] {
  const r = validateSettings(settings);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return routeModels(r.config, new ModelDirectory()).map((m) => m.name).sort((a, b) => a.localeCompare(b));
}

describe('first hour: the model picker offers the default route first', () => {
  it('out of the box, "Bedrock default: sonnet (resilient)" (sharding and fallback) comes before haiku', () => {
    assert.deepEqual(pickerOrder({ ...DEFAULT_SETTINGS }), ['Bedrock default: sonnet (resilient)', 'Bedrock: haiku (resilient)']);
  });

  it('whatever the default route is called, it sorts first', () => {
    const targets = [{ id: 't', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p', region: 'us-east-1' }];
    const routes = ['aardvark', 'zeta', 'Bedrock', '0-first', 'mid'].map((name) => ({ name, targets: ['t'] }));
    for (const { name } of routes) assert.equal(pickerOrder({ targets, routes, defaultRoute: name })[0], `Bedrock default: ${name} (resilient)`);
  });
});
