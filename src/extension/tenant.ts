import * as vscode from 'vscode';
import { SETTINGS_PREFIX } from '../router';

/** Used when no folder or workspace is open. */
export const NO_WORKSPACE_TENANT = 'no-workspace';

/**
 * Who is asking, for quotas and statistics: `resilientLlm.tenant` from user settings,
 * else the workspace's name. A workspace's own settings cannot rename it (that would
 * let it pick another tenant's quota).
 */
export function tenantName(): string {
  const configured = vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<string>('tenant')?.globalValue;
  if (typeof configured === 'string' && configured.trim() !== '') return configured.trim().slice(0, 128);
  return vscode.workspace.name ?? NO_WORKSPACE_TENANT;
}
