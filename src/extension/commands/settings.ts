import * as vscode from 'vscode';
import { SETTINGS_PREFIX } from '../../router';
import { locateSetting, topLevelKey } from '../settingLocation';
import { USER_ONLY_SETTINGS } from '../settingsMeta';

/**
 * Opens the settings.json that holds `path`: user settings for user-only settings and for
 * values set there, workspace settings when the workspace sets it. The cursor lands on the
 * setting (the field itself, or the entry that lacks it), so a problem's path is one glance away.
 */
export async function openSettingsJson(path?: string): Promise<'user' | 'workspace'> {
  const key = topLevelKey(path);
  const inspected = key ? vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect(key) : undefined;
  const inWorkspace = vscode.workspace.workspaceFolders !== undefined && key !== undefined && !USER_ONLY_SETTINGS.includes(key) && (inspected?.workspaceValue !== undefined || inspected?.globalValue === undefined);
  await vscode.commands.executeCommand(inWorkspace ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson');
  if (path) revealSetting(path);
  return inWorkspace ? 'workspace' : 'user';
}

function revealSetting(path: string): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !/settings\.json$/i.test(editor.document.uri.path)) return;
  const found = locateSetting(editor.document.getText(), path);
  if (!found) return;
  const start = editor.document.positionAt(found.offset);
  const range = new vscode.Range(start, editor.document.positionAt(found.offset + found.length));
  // The field itself is selected; an entry that lacks a field gets the cursor at its start.
  editor.selection = found.exact ? new vscode.Selection(range.start, range.end) : new vscode.Selection(start, start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
