import * as vscode from 'vscode';
import { SETTINGS_PREFIX } from '../../router';
import { USER_ONLY_SETTINGS } from '../settingsMeta';

/** `resilientLlm.routes[1].fallbacks[0]` → `routes`; `resilientLlm.redis.url` → `redis.url`. */
function topLevelKey(path: string | undefined): string | undefined {
  const dotted = USER_ONLY_SETTINGS.find((k) => k.includes('.') && (path === `${SETTINGS_PREFIX}.${k}` || path?.startsWith(`${SETTINGS_PREFIX}.${k}.`)));
  if (dotted) return dotted;
  const m = /^resilientLlm\.([A-Za-z]+)/.exec(path ?? '');
  return m?.[1];
}

/**
 * Opens the settings.json that holds `path`: user settings for user-only settings and for
 * values set there, workspace settings when the workspace sets it.
 */
export async function openSettingsJson(path?: string): Promise<'user' | 'workspace'> {
  const key = topLevelKey(path);
  const inspected = key ? vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect(key) : undefined;
  const inWorkspace = vscode.workspace.workspaceFolders !== undefined && key !== undefined && !USER_ONLY_SETTINGS.includes(key) && (inspected?.workspaceValue !== undefined || inspected?.globalValue === undefined);
  if (inWorkspace) {
    await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    return 'workspace';
  }
  await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  return 'user';
}
