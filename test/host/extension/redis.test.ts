// Limits shared through a real redis-server (issue 11), with the URL in user settings: another
// router on the same Redis and prefix shares a target's limit with the extension's; the password
// comes from "Set Redis Password"; stopping Redis moves the window to its local fallback, said
// once in the log and shown in the status bar and the dashboard, and it shares again when Redis is back.
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import { InstantProvider } from '../../../src/bench/instantProvider';
import { RedisServer } from '../../../src/bench/redisServer';
import type { RequestRecord } from '../../../src/router';
import { Router, createLimitStore } from '../../../src/router';
import type { HostMessage } from '../../../src/webview/protocol';
import { config, eventually, extensionApi, restoreSettingsAfterSuite, setSetting } from './helpers';

const Global = vscode.ConfigurationTarget.Global;
const Workspace = vscode.ConfigurationTarget.Workspace;
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const PASSWORD = 'redis-pw-Kq7vX2mZ9sLr4T'; // a known secret: it must appear nowhere
const hello = (text: string) => ({ messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }], maxTokens: 50 });

async function outcome(send: Promise<{ record: RequestRecord }>): Promise<string> {
  try {
    return (await send).record.outcome;
  } catch (err) {
    return (err as { record?: RequestRecord }).record?.outcome ?? 'failed';
  }
}

describe('extension: limits shared through Redis', function () {
  this.timeout(90_000);
  restoreSettingsAfterSuite(['redis.url', 'redis.keyPrefix']);
  const prefix = `host-test-${process.pid}-${Date.now()}:`;
  let redis: RedisServer;

  before(async () => {
    redis = await RedisServer.start();
    const api = await extensionApi();
    await setSetting(api, 'targets', [
      { id: 'redis-a', model: HAIKU, profile: 'redis-shard', region: 'us-east-1', rpm: 4 },
      { id: 'redis-b', model: HAIKU, profile: 'redis-shard', region: 'us-west-2' },
    ], Workspace);
    await setSetting(api, 'routes', [{ name: 'redis-a', targets: ['redis-a'] }, { name: 'redis-b', targets: ['redis-b'] }], Workspace);
    await setSetting(api, 'maxQueueWaitMs', 0, Workspace);
  });

  after(async () => {
    const api = await extensionApi();
    await config().update('redis.url', undefined, Global);
    await eventually(() => api.limits().mode === 'in-process', 'the limits to return to this window');
    await vscode.commands.executeCommand('resilientLlm.setRedisPassword', '');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await redis?.dispose();
  });

  it('with resilientLlm.redis.url set, the limits move to Redis and another router there shares a target\'s 4 RPM with this window', async () => {
    const api = await extensionApi();
    assert.equal(api.limits().mode, 'in-process');
    await config().update('redis.keyPrefix', prefix, Global);
    await config().update('redis.url', redis.url, Global);
    await eventually(() => api.limits().mode === 'shared', 'the limits to be shared through Redis');
    assert.equal(api.limits().redis, redis.url);
    assert.equal(api.router().snapshot().limitsMode, 'shared');
    assert.ok(api.logLines().some((l) => /^info: Limits are shared through Redis \(1 process\)/.test(l)), api.logLines().slice(-5).join('\n'));

    // Another window: its own router and store on the same Redis and prefix, the same target.
    const peer = createLimitStore({ redisUrl: redis.url, keyPrefix: prefix });
    try {
      assert.equal(await peer.ready(), 'shared');
      const other = new Router({ config: api.router().configuration, store: peer.store, provider: new InstantProvider() });
      const theirs = [];
      for (let i = 0; i < 3; i++) theirs.push(await outcome(other.send({ route: 'redis-a', tenant: 'peer-window', request: hello(`peer ${i}`) })));
      assert.deepEqual(theirs, ['succeeded', 'succeeded', 'succeeded']);
      const ours = [];
      for (let i = 0; i < 3; i++) ours.push(await outcome(api.router().send({ route: 'redis-a', tenant: api.tenant(), request: hello(`ours ${i}`) })));
      assert.equal(ours[0], 'succeeded');
      assert.ok(ours.slice(1).every((o) => o !== 'succeeded'), `this window got more than what was left of the 4 RPM: ${ours.join(', ')}`);
      await eventually(() => api.limits().processes === 2, 'the heartbeat to count two windows', 15_000);
      const tooltip = () => (api.statusBarItem().tooltip as vscode.MarkdownString).value;
      await eventually(() => /Limits: shared through Redis \(`redis:\/\/127\.0\.0\.1:\d+`\) by 2 windows/.test(tooltip()), `the status bar tooltip to say so (saw ${tooltip()})`, 10_000);
    } finally {
      await peer.close();
    }
  });

  it('Set Redis Password reconnects with the password from secret storage, which appears nowhere', async () => {
    const api = await extensionApi();
    const admin = new Redis(redis.url, { lazyConnect: true });
    await admin.connect();
    try {
      await admin.config('SET', 'requirepass', PASSWORD);
      const before = api.router();
      assert.equal(await vscode.commands.executeCommand('resilientLlm.setRedisPassword', PASSWORD), 'stored');
      await eventually(() => api.router() !== before && api.limits().mode === 'shared', 'a new router on a store that signed in with the password');
      assert.ok(api.logLines().some((l) => /connecting to Redis at redis:\/\/127\.0\.0\.1:\d+ \(key prefix "host-test-[^"]+", with the stored password\)/.test(l)));
      assert.equal(await outcome(api.router().send({ route: 'redis-b', tenant: api.tenant(), request: hello('with a password') })), 'succeeded');
      await admin.auth(PASSWORD);
      await admin.config('SET', 'requirepass', '');
    } finally {
      admin.disconnect();
    }
    const withPassword = api.router();
    assert.equal(await vscode.commands.executeCommand('resilientLlm.setRedisPassword', ''), 'removed');
    await eventually(() => api.router() !== withPassword && api.limits().mode === 'shared', 'a new store without the password');
    assert.ok(!JSON.stringify([api.logLines(), api.limits(), api.router().snapshot(), (api.statusBarItem().tooltip as vscode.MarkdownString).value]).includes(PASSWORD), 'the Redis password leaked');
  });

  it('stopping Redis moves the limits to this window, said once (log, status bar, dashboard); requests keep being served; it shares again when Redis is back', async () => {
    const api = await extensionApi();
    const item = api.statusBarItem();
    await vscode.commands.executeCommand('resilientLlm.openDashboard');
    await eventually(() => api.dashboard.isReady(), 'the dashboard page to be ready', 20_000);
    const posted: HostMessage[] = [];
    const sub = api.dashboard.onDidPost((m) => posted.push(m));
    const unreachable = () => api.logLines().filter((l) => /Redis is unreachable/.test(l));
    try {
      assert.equal(api.limits().mode, 'shared');
      const before = unreachable().length;
      await redis.stop();
      assert.equal(await outcome(api.router().send({ route: 'redis-b', tenant: api.tenant(), request: hello('while Redis is down') })), 'succeeded', 'no request fails because Redis failed');
      await eventually(() => api.limits().mode === 'local-fallback', 'the local fallback', 15_000);
      assert.equal(api.router().snapshot().limitsMode, 'local-fallback');
      await eventually(() => item.text.startsWith('$(warning)'), `a warning in the status bar (saw "${item.text}")`, 5_000);
      assert.match((item.tooltip as vscode.MarkdownString).value, /Limits: Redis \(`redis:\/\/127\.0\.0\.1:\d+`\) is unreachable; this window holds/);
      await eventually(() => posted.some((m) => m.type === 'router' && m.view.limits?.mode === 'local-fallback'), 'the dashboard to be told', 10_000);
      // Probes fail every second; the change is still said once.
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(api.router().store.mode, 'local-fallback');
      assert.equal(unreachable().length - before, 1, `said more than once:\n${unreachable().join('\n')}`);
      assert.match(unreachable().at(-1)!, /^warn: Redis is unreachable \(.+\): limits are held in this process/);
      for (let i = 0; i < 2; i++) assert.equal(await outcome(api.router().send({ route: 'redis-b', tenant: api.tenant(), request: hello(`fallback ${i}`) })), 'succeeded');

      await redis.start();
      await eventually(() => api.limits().mode === 'shared', 'the limits to be shared again', 15_000);
      assert.ok(api.logLines().some((l) => /Limits are shared through Redis \(\d+ process(es)?; Redis answers again\)/.test(l)));
      await eventually(() => !item.text.startsWith('$(warning)'), `the warning to clear (saw "${item.text}")`, 5_000);
      await eventually(() => posted.some((m) => m.type === 'router' && m.view.limits?.mode === 'shared' && /redis:\/\/127\.0\.0\.1/.test(m.view.limits.redis ?? '')), 'the dashboard to show shared limits', 10_000);
    } finally {
      sub.dispose();
    }
  });
});
