/**
 * Settings-shaped config files (issue 15): the documented Redis keys work in `run`
 * (defect 5), JSON nested thousands of levels deep is refused naming the file and the
 * field (defect 7), and a `"resilientLlm.__proto__"` key is named as unknown (defect 2).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisServer } from '../../../src/bench/redisServer';
import { runRunCommand } from '../../../src/cli/run';
import { runValidate } from '../../../src/cli/validate';
import { captureIo } from '../../support/cliIo';

const TARGET = { id: 'a', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'team-a', region: 'us-east-1', rpm: 5 };

describe('resilient-llm config files: Redis settings, deep nesting, prototype keys', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'rllm-cfg15-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  async function file(name: string, content: unknown): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  }

  it('run shares limits through resilientLlm.redis.url and keyPrefix: a second run sees the first run\'s requests', async () => {
    const server = await RedisServer.start();
    const redis = new Redis(server.url, { lazyConnect: true });
    try {
      await redis.connect();
      const config = await file('redis.json', {
        'resilientLlm.targets': [TARGET],
        'resilientLlm.routes': [{ name: 'main', targets: ['a'] }],
        'resilientLlm.maxQueueWaitMs': 0,
        'resilientLlm.redis.url': server.url,
        'resilientLlm.redis.keyPrefix': 'cli15:',
      });
      const first = captureIo();
      assert.equal(await runRunCommand(['--config', config, '--requests', '4', '--concurrency', '2', '--json'], first), 0, first.err);
      assert.equal((JSON.parse(first.out) as { succeeded: number }).succeeded, 4);
      const second = captureIo();
      assert.equal(await runRunCommand(['--config', config, '--requests', '4', '--concurrency', '2'], second), 0, second.err);
      assert.match(second.out, /Requests 4: succeeded 1, rate limited 3, failed 0;/, 'the minute held 5 requests across both runs; the other 3 are rate limited by the target');
      assert.match(second.err, /Limits are shared through Redis/);
      assert.ok((await redis.keys('cli15:*')).length > 0, 'the keys live under the configured prefix');
    } finally {
      redis.disconnect();
      await server.dispose();
    }
  });

  it('the nested form "resilientLlm": { "redis": { "url" } } is read too, and a bad URL is named without quoting it', async () => {
    const config = await file('bad-redis.json', { resilientLlm: { targets: [TARGET], routes: [{ name: 'main', targets: ['a'] }], redis: { url: 'http://user:secret@host' } } });
    const io = captureIo();
    await assert.rejects(runRunCommand(['--config', config], io), (err: Error) => /bad-redis\.json: resilientLlm\.redis\.url must be a redis:\/\/ or rediss:\/\/ URL/.test(err.message) && !err.message.includes('secret'));
  });

  it('JSON nested 5,000 levels deep is refused naming the file, the place and the field', async () => {
    const depth = 5_000;
    const config = await file('deep.json', `{"resilientLlm.simulator": {"scenario": ${'{"faults":'.repeat(depth)}1${'}'.repeat(depth)}}}`);
    const io = captureIo();
    await assert.rejects(runValidate(['--config', config], io), (err: Error) => {
      assert.match(err.message, /deep\.json: nested more than 64 levels deep at line 1, column \d+, under resilientLlm\.simulator\.scenario\.faults\.faults/);
      assert.doesNotMatch(err.message, /call stack/);
      return true;
    });
    const arrays = await file('deep-arrays.json', `{"resilientLlm.routes": [{"name": "x", "targets": ${'['.repeat(depth)}${']'.repeat(depth)}}]}`);
    await assert.rejects(runValidate(['--config', arrays], captureIo()), /deep-arrays\.json: nested more than 64 levels deep .*under resilientLlm\.routes\[0\]\.targets\[0\]\[0\]/);
  });

  it('"resilientLlm.__proto__" and "__proto__" inside a setting are unknown fields, named as such', async () => {
    const config = await file('proto.jsonc', `{
      // a prototype key, flat and nested
      "resilientLlm.__proto__": { "mode": "aws" },
      "resilientLlm.targets": [${JSON.stringify(TARGET)}],
      "resilientLlm.routes": [{ "name": "main", "targets": ["a"], "__proto__": { "strategy": "bogus" } }],
    }`);
    const io = captureIo();
    assert.equal(await runValidate(['--config', config], io), 1);
    assert.match(io.err, /^resilientLlm\.__proto__: unknown field/m);
    assert.match(io.err, /^resilientLlm\.routes\[0\]\.__proto__: unknown field/m);
  });
});
