import assert from 'node:assert/strict';
import { locateSetting, settingSegments } from '../../../src/extension/settingLocation';

const settings = `{
  // comments are allowed in settings.json
  "editor.fontSize": 13,
  "resilientLlm.targets": [
    { "id": "sonnet-a", "model": "us.anthropic.claude-sonnet-4-6", "profile": "shard-a", "region": "us-east-1", "rpm": 0 },
    { "id": "haiku", "model": "us.anthropic.claude-haiku-4-5-20251001-v1:0", "region": "us-east-1" }
  ],
  "resilientLlm.redis.url": "redis://127.0.0.1:6379",
  "resilientLlm.quotas": { "default": { "rpm": 10 } }
}`;

const at = (path: string) => {
  const found = locateSetting(settings, path);
  return found && { text: settings.slice(found.offset, found.offset + found.length), exact: found.exact };
};

describe('finding a problem\'s setting in settings.json', () => {
  it('splits a problem path the way settings.json nests it', () => {
    assert.deepEqual(settingSegments('resilientLlm.routes[1].fallbacks[0]'), ['resilientLlm.routes', 1, 'fallbacks', 0]);
    assert.deepEqual(settingSegments('resilientLlm.redis.url'), ['resilientLlm.redis.url']);
    assert.deepEqual(settingSegments('resilientLlm.quotas.workspaces.billing-service.rpm'), ['resilientLlm.quotas', 'workspaces', 'billing-service', 'rpm']);
    assert.equal(settingSegments('editor.fontSize'), undefined);
  });

  it('selects the field at fault, key and value', () => {
    assert.deepEqual(at('resilientLlm.targets[0].rpm'), { text: '"rpm": 0', exact: true });
    assert.deepEqual(at('resilientLlm.redis.url'), { text: '"resilientLlm.redis.url": "redis://127.0.0.1:6379"', exact: true });
    assert.deepEqual(at('resilientLlm.quotas.default.rpm'), { text: '"rpm": 10', exact: true });
  });

  it('points at the entry that lacks a required field', () => {
    const found = at('resilientLlm.targets[1].profile');
    assert.equal(found?.exact, false);
    assert.match(found!.text, /^\{ "id": "haiku"/);
  });

  it('finds nothing when the file does not set the setting', () => {
    assert.equal(locateSetting(settings, 'resilientLlm.routes[0].targets[0]'), undefined);
    assert.equal(locateSetting('', 'resilientLlm.routes'), undefined);
  });
});
