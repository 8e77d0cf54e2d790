import * as vscode from 'vscode';
import { RouterError, formatProblem } from '../../router';
import { routesReport, statusReport } from '../chat/slashCommands';
import { type Log } from '../log';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { type MarkdownViews } from '../views/markdownView';
import { quotaText, tenantQuota } from '../views/quota';
import { problemCount, problemList } from '../views/routes';
import { COMMANDS } from './ids';

export interface StatusDeps {
  services: Services;
  settings: SettingsWatcher;
  views: MarkdownViews;
  log: Log;
}

/** Shows a `config` error with a way to the settings; rethrows anything else. */
function settingsError(err: unknown): undefined {
  if (!RouterError.isInstance(err) || err.kind !== 'config') throw err;
  void vscode.window.showErrorMessage(err.message, 'Open Settings (JSON)').then((c) => c && vscode.commands.executeCommand(COMMANDS.openSettingsJson));
  return undefined;
}

/** Show Route Status: targets' health and limits, the workspace's quota, as a markdown preview. Returns the markdown. */
export async function showStatus(deps: StatusDeps): Promise<string | undefined> {
  try {
    const markdown = statusReport(deps.services);
    await deps.views.show('Route Status', `# Resilient LLM: route status\n\n${markdown}`);
    return markdown;
  } catch (err) {
    return settingsError(err);
  }
}

/** Show Workspace Quota: one line, as a notification. Returns it. */
export function showQuota(deps: StatusDeps): string | undefined {
  try {
    const router = deps.services.getRouter();
    const text = quotaText(tenantQuota(router, deps.services.tenant()));
    void vscode.window.showInformationMessage(`${text}.`, 'Show Route Status').then((c) => c && vscode.commands.executeCommand(COMMANDS.showStatus));
    return text;
  } catch (err) {
    return settingsError(err);
  }
}

/** Validate Routes: re-reads the settings (and AWS profiles) and says what is wrong, if anything. Returns the problems. */
export async function validateRoutes(deps: StatusDeps): Promise<string[]> {
  const state = await deps.settings.refresh();
  const problems = state.problems.map(formatProblem);
  if (problems.length === 0) {
    const c = state.config!;
    const text = `Routes are valid: ${c.routes.size} route${c.routes.size === 1 ? '' : 's'} (${[...c.routes.keys()].join(', ')}), ${c.targets.size} targets, mode ${c.settings.mode}.`;
    deps.log.info(text);
    void vscode.window.showInformationMessage(text, 'Show Routes').then((c) => c && deps.views.show('Routes', `# Resilient LLM: routes\n\n${routesReport(deps.services, deps.settings)}`));
  } else {
    for (const p of problems) deps.log.error(`  ${p}`);
    void vscode.window.showErrorMessage(`Resilient LLM: ${problemCount(state.problems)} in the settings: ${problemList(state.problems)}`, 'Open Settings (JSON)', 'Show Routes').then((c) => {
      if (c === 'Open Settings (JSON)') void vscode.commands.executeCommand(COMMANDS.openSettingsJson, state.problems[0]?.path);
      else if (c === 'Show Routes') void deps.views.show('Routes', `# Resilient LLM: routes\n\n${routesReport(deps.services, deps.settings)}`);
    });
  }
  return problems;
}

/** Reset Statistics: counters and recent requests (limits and breakers are not statistics: they stay). */
export function resetStatistics(deps: StatusDeps): boolean {
  try {
    deps.services.getRouter().resetStatistics();
    deps.log.info('Statistics reset.');
    void vscode.window.showInformationMessage('Resilient LLM: statistics reset (limits and cooldowns stay in force).');
    return true;
  } catch (err) {
    return settingsError(err) ?? false;
  }
}
