import * as vscode from 'vscode';
import { type AddTargetInput, addTarget } from '../addTarget';
import { type DemoService } from '../demos';
import { type Log } from '../log';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { type MarkdownViews } from '../views/markdownView';
import { forgetCredentials, storeAccessKeys, storeApiKey } from './credentials';
import { runDemoCommand } from './demo';
import { COMMANDS, type CommandId, type RegisteredElsewhere } from './ids';
import { setRedisPassword } from './redis';
import { openSettingsJson } from './settings';
import { startSimulator, stopSimulator } from './simulator';
import { ssoLogin } from './sso';
import { resetStatistics, showQuota, showStatus, validateRoutes } from './status';

export interface CommandDeps {
  services: Services;
  settings: SettingsWatcher;
  demos: DemoService;
  views: MarkdownViews;
  log: Log;
}

/**
 * The command palette ("Resilient LLM: ..."). Each command takes optional arguments that
 * skip its questions (buttons and tests use them) and returns what it showed.
 */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const { services, settings, demos, views, log } = deps;
  const handlers: Record<Exclude<CommandId, RegisteredElsewhere>, (...args: unknown[]) => unknown> = {
    [COMMANDS.runDemo]: (pattern) => runDemoCommand(demos, views, log, pattern),
    [COMMANDS.showStatus]: () => showStatus(deps),
    [COMMANDS.showQuota]: () => showQuota(deps),
    [COMMANDS.validateRoutes]: () => validateRoutes(deps),
    [COMMANDS.startSimulator]: () => startSimulator(services),
    [COMMANDS.stopSimulator]: () => stopSimulator(services),
    [COMMANDS.openLog]: () => {
      log.show();
      return true;
    },
    [COMMANDS.resetStatistics]: () => resetStatistics(deps),
    [COMMANDS.addTarget]: (input) => addTarget(services, input as Partial<AddTargetInput> | undefined),
    [COMMANDS.ssoLogin]: (profile) => ssoLogin(settings, typeof profile === 'string' ? profile : undefined),
    [COMMANDS.openSettingsJson]: (path) => openSettingsJson(typeof path === 'string' ? path : undefined, settings),
    [COMMANDS.setRedisPassword]: (password) => setRedisPassword(context.secrets, log, password),
    [COMMANDS.storeApiKey]: (arg) => storeApiKey(deps, arg),
    [COMMANDS.storeAccessKeys]: (arg) => storeAccessKeys(deps, arg),
    [COMMANDS.forgetCredentials]: (arg) => forgetCredentials(deps, arg),
  };
  for (const [id, handler] of Object.entries(handlers)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));
}
