// The gateway from VS Code's integrated terminal: after "Add Gateway Variables to Terminals" a new
// terminal has the variables, a published client run in it (the openai npm client) is served by
// the gateway, and the dashboard lists it among the gateway's clients.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/webview/protocol';
import { EXTENSION_ID, eventually, extensionApi } from '../extension/helpers';

describe('gateway: a client in the integrated terminal', function () {
  this.timeout(120_000);

  it('a new terminal has the gateway variables after the command; the openai client run in it is served and shows on the dashboard', async () => {
    const api = await extensionApi();
    const gateway = await eventually(() => api.gateway.view(), 'the gateway to start with the extension');
    assert.match(gateway.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(api.gateway.terminalVariables(), [], 'nothing in terminals before the user chose it');

    assert.equal(await vscode.commands.executeCommand('resilientLlm.gateway.addToTerminals'), true);
    const names = api.gateway.terminalVariables();
    for (const n of ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_BEARER_TOKEN_BEDROCK', 'ANTHROPIC_BEDROCK_BASE_URL', 'CLAUDE_CODE_USE_BEDROCK', 'OPENAI_BASE_URL', 'OPENAI_API_KEY']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);

    const posted: HostMessage[] = [];
    const sub = api.dashboard.onDidPost((m) => posted.push(m));
    await vscode.commands.executeCommand('resilientLlm.openDashboard');
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-terminal-')), 'result.json');
    const terminal = vscode.window.createTerminal({ name: 'gateway host test' });
    try {
      terminal.sendText(`${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'test/host/gateway/terminalClient.cjs'))} ${JSON.stringify(out)}`);
      await eventually(() => fs.existsSync(out), 'the client in the terminal to finish', 90_000);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { present: string[]; baseUrl?: string; text?: string; error?: string };
      assert.equal(result.error, undefined);
      assert.ok(result.present.includes('OPENAI_API_KEY') && result.present.includes('AWS_BEARER_TOKEN_BEDROCK'), `terminal had ${result.present.join(', ')}`);
      assert.equal(result.baseUrl, `${gateway.endpoint}/v1`);
      assert.ok((result.text ?? '').length > 0, 'the client got an answer');

      const client = await eventually(() => {
        for (const m of [...posted].reverse()) if (m.type === 'router') return m.view.gateway?.clients.find((c) => c.client.startsWith('OpenAI SDK') && c.succeeded >= 1);
        return undefined;
      }, 'the dashboard to list the OpenAI SDK among the gateway clients', 20_000);
      assert.equal(client.lastTenant, api.tenant());
      assert.ok(client.outputTokens > 0);
    } finally {
      sub.dispose();
      terminal.dispose();
      await vscode.commands.executeCommand('resilientLlm.gateway.removeFromTerminals');
    }
    assert.deepEqual(api.gateway.terminalVariables(), [], 'Remove takes them out again');
  });
});
