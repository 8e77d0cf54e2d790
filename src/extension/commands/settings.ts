import * as vscode from 'vscode';
import { SETTINGS_PREFIX } from '../../router';
import { type SettingsWatcher } from '../settings';
import { parseSyntaxProblemPath } from '../settingsFileSyntax';
import { locateSetting, topLevelKey } from '../settingLocation';
import { USER_ONLY_SETTINGS } from '../settingsMeta';

/**
 * Opens the settings.json that holds `path`: user settings for user-only settings and for
 * values set there, workspace settings when the workspace sets it; for a file that does not
 * parse (`.vscode/settings.json:12:5`), that file at the error. The file opens as an ordinary
 * text editor in the active group (VS Code's own "Open Settings (JSON)" commands opened it as a
 * modal editor over the open tab), and the cursor lands on the setting, scrolled so its line
 * starts in view.
 */
export async function openSettingsJson(path: string | undefined, settings: SettingsWatcher): Promise<'user' | 'workspace'> {
  const syntax = path ? parseSyntaxProblemPath(path) : undefined;
  if (syntax) {
    const file = settings.fileFor(syntax.label);
    const where = syntax.label.startsWith('user ') ? 'user' : 'workspace';
    if (file) {
      const editor = await showFile(file);
      const at = new vscode.Position(syntax.line - 1, syntax.column - 1);
      reveal(editor, new vscode.Range(at, at), false);
      return where;
    }
  }
  const key = topLevelKey(path);
  const inspected = key ? vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect(key) : undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const inWorkspace = folder !== undefined && key !== undefined && !USER_ONLY_SETTINGS.includes(key) && (inspected?.workspaceValue !== undefined || inspected?.globalValue === undefined);
  const file = inWorkspace ? vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json') : settings.fileFor('user settings.json');
  const editor = file && (await exists(file)) ? await showFile(file) : await viaCommand(inWorkspace);
  if (editor && path) revealSetting(editor, path);
  return inWorkspace ? 'workspace' : 'user';
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function showFile(uri: vscode.Uri): Thenable<vscode.TextEditor> {
  return vscode.workspace.openTextDocument(uri).then((doc) => vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false }));
}

/** A file that does not exist yet: VS Code's commands create it (workspace) or know where it is (user). */
async function viaCommand(inWorkspace: boolean): Promise<vscode.TextEditor | undefined> {
  await vscode.commands.executeCommand(inWorkspace ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson');
  const editor = vscode.window.activeTextEditor;
  return editor && /settings\.json$/i.test(editor.document.uri.path) ? editor : undefined;
}

/**
 * Selects `range` with the cursor at its start (a selection's active end is what the editor
 * scrolls to: at the end, a long line was scrolled sideways so its start was cut off) and
 * centres it.
 */
function reveal(editor: vscode.TextEditor, range: vscode.Range, select: boolean): void {
  editor.selection = select ? new vscode.Selection(range.end, range.start) : new vscode.Selection(range.start, range.start);
  editor.revealRange(new vscode.Range(range.start, range.start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function revealSetting(editor: vscode.TextEditor, path: string): void {
  const found = locateSetting(editor.document.getText(), path);
  if (!found) return;
  const start = editor.document.positionAt(found.offset);
  // The field itself is selected; an entry that lacks a field gets the cursor at its start.
  reveal(editor, new vscode.Range(start, editor.document.positionAt(found.offset + found.length)), found.exact);
}
