// The dashboard panel in the real extension host (code-server): the command opens one panel,
// its page runs only nonce'd scripts under a strict CSP, and it receives the demo results and
// the router's live state once the page says it is ready.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DemoResultView, HostMessage, RouterView } from '../../../src/webview/protocol';
import { EXTENSION_ID, RecordingStream, chatRequest, eventually, extensionApi, routeModel } from '../extension/helpers';

const OPEN = 'resilientLlm.openDashboard';

/** The next message the host delivers to the page that `accept` takes. */
async function nextPosted<T>(accept: (m: HostMessage) => T | undefined, what: string, ms = 20_000): Promise<T> {
  const api = await extensionApi();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the dashboard did not post ${what} within ${ms} ms`));
    }, ms);
    const sub = api.dashboard.onDidPost((m) => {
      const value = accept(m);
      if (value === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

describe('dashboard: panel', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Leave the host as the other suites expect it: no simulator running.
    await vscode.commands.executeCommand('resilientLlm.stopSimulator');
  });

  it('Open Dashboard opens one panel and reveals it when run again', async () => {
    const api = await extensionApi();
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(OPEN);
    assert.equal(panel.viewType, 'resilientLlm.dashboard');
    assert.equal(panel.title, 'Resilient LLM Dashboard');
    assert.equal(api.dashboard.panel(), panel);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await eventually(() => !panel.active, 'another editor to take the focus');
    assert.equal(await vscode.commands.executeCommand<vscode.WebviewPanel>(OPEN), panel, 'the same panel, not a second one');
    await eventually(() => panel.active && panel.visible, 'the panel to be revealed');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('resilientLlm.dashboard'));
    assert.equal(tabs.length, 1, 'one dashboard tab');
  });

  it('serves a page with a strict CSP: nonce-only scripts, no inline handlers, resources from media/ only', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(OPEN);
    const html = panel.webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;|&apos;/g, "'");
    assert.ok(csp, 'a CSP meta tag');
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{16,})'/.exec(csp)?.[1];
    assert.ok(nonce, `script-src allows a nonce only: ${csp}`);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`style-src ${panel.webview.cspSource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*(?!\.)/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), 'the script carries the nonce');
      assert.match(attrs!, /src="[^"]+\/media\/dist\/dashboard\.js"/);
      assert.equal(body!.trim(), '', 'no inline script');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle\s*=/i, 'no inline styles');
    const options = panel.webview.options;
    assert.equal(options.enableScripts, true);
    const media = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'media').toString();
    assert.deepEqual(options.localResourceRoots?.map((u) => u.toString()), [media]);
    assert.notEqual(panel.options.retainContextWhenHidden, true);
    // The page's script ran under that CSP: it said "ready".
    const api = await extensionApi();
    await eventually(() => api.dashboard.isReady(), 'the page to run its script and say ready', 20_000);
  });

  it('the bundled page script never writes HTML', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const script = fs.readFileSync(path.join(extension.extensionPath, 'media', 'dist', 'dashboard.js'), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) assert.ok(!script.includes(sink), `dashboard.js uses ${sink}`);
  });

  it('posts a demo\'s results when it runs from the command palette', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand(OPEN);
    await eventually(() => api.dashboard.isReady(), 'the page to be ready', 20_000);
    const posted = nextPosted((m) => (m.type === 'demos' ? m.results.find((r) => r.pattern === 'fallback') : undefined), 'the fallback result', 60_000);
    await vscode.commands.executeCommand('resilientLlm.runDemo', 'fallback');
    const fallback: DemoResultView = await posted;
    assert.deepEqual(fallback.byTarget, { primary: 3, fallback: 7 });
    assert.equal(fallback.succeeded, 10);
    assert.equal(fallback.requests, 10);
    assert.equal('lines' in fallback, false, 'the per-request log stays in the extension');
    await vscode.commands.executeCommand(OPEN); // the demo opened its results beside; bring the dashboard back
  });

  it('posts the router\'s live state as requests complete', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand(OPEN);
    await eventually(() => api.dashboard.isReady(), 'the page to be ready', 20_000);
    const before = api.router().snapshot().totals.requests;
    const posted = nextPosted((m) => (m.type === 'router' && m.view.totals.requests > before ? m.view : undefined), 'a router update with the new request');
    const result = await api.chatHandler(chatRequest('Dashboard live-state question', { model: await routeModel('sonnet') }), { history: [] }, new RecordingStream(), new vscode.CancellationTokenSource().token);
    assert.equal(result?.errorDetails, undefined);
    const view: RouterView = await posted;
    assert.equal(view.tenant, api.tenant());
    assert.deepEqual(view.targets.map((t) => t.id), ['sonnet-a', 'sonnet-b', 'haiku']);
    const record = view.recent.find((r) => r.outcome === 'succeeded' && r.route === 'sonnet');
    assert.ok(record, 'the request is in the recent list');
    assert.ok(record.attempts.length >= 1 && record.servedBy, 'with its attempt path');
    assert.doesNotMatch(JSON.stringify(view), /aws_secret_access_key|AKIA[0-9A-Z]{12}/, 'no credentials');
  });
});
