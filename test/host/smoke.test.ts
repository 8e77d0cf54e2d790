// Smoke test of the extension-host harness: runs inside a real VS Code extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'resilient-llm.resilient-llm-bedrock';

describe('extension host smoke', () => {
  it('finds and activates the extension under development', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('opens the sample workspace with its settings', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0]?.name, 'sample-workspace');
    assert.equal(vscode.workspace.getConfiguration('resilientLlm').get('mode'), 'simulated');
  });

  it('runs a built-in command and edits a document', async () => {
    const document = await vscode.workspace.openTextDocument({ content: 'hello', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 5), ', host'));
    await vscode.commands.executeCommand('editor.action.selectAll');
    assert.equal(document.getText(), 'hello, host');
    assert.equal(editor.selection.isEmpty, false);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
