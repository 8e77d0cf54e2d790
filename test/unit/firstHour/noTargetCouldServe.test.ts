// Issue 19, item 6: a request that finds every target at its own limit is rate limited by our
// limits (not failed), says when it frees up, and the chat shows the targets once.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { chatErrorResult } from '../../../src/extension/chat/errors';
import { RouterError } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-sonnet-4-6';

/** What the participant writes: markdown and buttons, in order. */
class Stream {
  readonly markdowns: string[] = [];
  readonly buttons: string[] = [];
  markdown(text: string): void {
    this.markdowns.push(text);
  }
  button(command: vscode.Command): void {
    this.buttons.push(command.title);
  }
}

async function refused(settings: Parameters<typeof makeRouter>[0]) {
  const { router } = makeRouter(settings);
  await router.send({ tenant: 'ws', request: hello });
  await router.send({ tenant: 'ws', request: hello });
  const err = await router.send({ tenant: 'ws', request: hello }).then(
    () => assert.fail('the third request was served'),
    (e: unknown) => e,
  );
  assert.ok(RouterError.isInstance(err));
  return { router, err };
}

describe('first hour: every target at its limit', () => {
  const settings = {
    targets: [
      { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', rpm: 1 },
      { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2', rpm: 1 },
    ],
    routes: [{ name: 'main', targets: ['a', 'b'] }],
    maxQueueWaitMs: 0,
  };

  it('is counted as rate limited, not failed, by the router (dashboard, log and run --json read these)', async () => {
    const { router, err } = await refused(settings);
    assert.equal(err.kind, 'rate-limited');
    assert.equal(err.record?.outcome, 'rate-limited');
    assert.deepEqual({ rateLimited: router.stats.totals.rateLimited, failed: router.stats.totals.failed }, { rateLimited: 1, failed: 0 });
    assert.match(err.message, /The first one frees up in 60 s\./);
  });

  it('shows the targets once in the chat (a list), and the error line says when it frees up without repeating them', async () => {
    const { err } = await refused(settings);
    const stream = new Stream();
    const result = chatErrorResult(err, stream as unknown as vscode.ChatResponseStream, {});
    assert.equal(stream.markdowns.length, 1);
    assert.match(stream.markdowns[0]!, /^Every target is at its limit:\n\n- a: at its limit of 1 requests per minute.*\n- b: at its limit of 1 requests per minute/);
    const message = result.errorDetails?.message ?? '';
    assert.match(message, /^Every target of route "main" is at its limit\. The first one frees up in 60 s\. \(at .+\)$/);
    assert.doesNotMatch(message, /a: at its limit/, 'the list is not repeated as a paragraph');
    assert.deepEqual(stream.buttons, ['Show Route Status']);
  });

  it('a route whose targets failed is still a failure, listed once', async () => {
    const { router, provider, endpoint } = makeRouter({ ...settings, targets: settings.targets.map((t) => ({ ...t, rpm: 100 })), retry: { maxAttempts: 2 } });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'unavailable' }]);
    provider.on(endpoint('b'), [{ kind: 'error', error: 'unavailable' }]);
    const err = await router.send({ tenant: 'ws', request: { ...hello } }).then(() => undefined, (e: unknown) => e);
    if (!RouterError.isInstance(err)) return assert.fail(`expected a RouterError, got ${String(err)}`);
    assert.equal(err.kind, 'unavailable');
    assert.equal(router.stats.totals.failed, 1);
    const stream = new Stream();
    const result = chatErrorResult(err, stream as unknown as vscode.ChatResponseStream, {});
    assert.equal(stream.markdowns.length, 1);
    const listed = stream.markdowns[0]!.split('\n').filter((l) => l.startsWith('- ')).length;
    assert.equal(listed, 2);
    for (const id of ['a:', 'b:']) assert.ok(!(result.errorDetails?.message ?? '').includes(`${id} unavailable`), result.errorDetails?.message);
  });
});
