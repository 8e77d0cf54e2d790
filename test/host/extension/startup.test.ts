// Start-up cost in the real extension host: how long activation takes, and the first request
// routed after a cold backend start (the SDK clients and, in simulated mode, the simulator).
// The numbers go to test-artifacts/host/activation.json for the benchmark's footprint table.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi } from './helpers';

describe('extension: start-up cost', () => {
  it('activates cheaply and routes a first request after a cold backend start', async () => {
    const api = await extensionApi();
    assert.ok(api.activationMs > 0 && Number.isFinite(api.activationMs));
    await vscode.commands.executeCommand('resilientLlm.stopSimulator');
    assert.equal(api.simulator(), undefined, 'the backend is cold');
    const started = performance.now();
    const { record } = await api.router().send({ tenant: api.tenant(), request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'first request' }] }], maxTokens: 20 } });
    const firstRequestMs = performance.now() - started;
    assert.equal(record.outcome, 'succeeded');
    assert.ok(api.simulator(), 'the first request started the backend');
    const dir = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test-artifacts', 'host');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'activation.json'), `${JSON.stringify({ activationMs: api.activationMs, coldFirstRequestMs: firstRequestMs, activationToFirstRequestMs: api.activationMs + firstRequestMs, vscode: vscode.version, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  });
});
