import * as vscode from 'vscode';
import { modelPick } from './addTarget';
import { type ResilientLlmApi } from './api';
import { registerChatParticipant } from './chat/participant';
import { registerCommands } from './commands';
import { registerDashboard } from './dashboard';
import { DemoService } from './demos';
import { registerGateway } from './gateway';
import { registerLanguageModelProvider } from './lm/provider';
import { Log } from './log';
import { Services } from './services';
import { SettingsWatcher } from './settings';
import { registerStatusBar } from './statusBar';
import { MarkdownViews } from './views/markdownView';

let services: Services | undefined;

/**
 * The user settings.json: VS Code keeps an extension's global storage in
 * `<user data>/User/globalStorage/<extension id>`, next to `settings.json` (the default
 * profile's; the API has no direct way to ask).
 */
function userSettingsFile(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, '..', '..', 'settings.json');
}

/**
 * Thin by design: read the settings, then one registration per feature. Nothing here loads
 * the AWS SDK or starts the simulator; the first request does.
 */
export async function activate(context: vscode.ExtensionContext): Promise<ResilientLlmApi> {
  const activationStarted = performance.now();
  const log = new Log();
  const settings = new SettingsWatcher(log, userSettingsFile(context));
  services = new Services({ storageDir: context.globalStorageUri.fsPath, secrets: context.secrets, state: context.globalState }, settings, log);
  const demos = new DemoService(services, log);
  const views = new MarkdownViews();
  context.subscriptions.push(log, settings, services, demos, views);
  await Promise.all([settings.refresh(), services.limits.refresh()]);

  const s = services;
  const chatHandler = registerChatParticipant(context, { services: s, settings, demos });
  registerLanguageModelProvider(context, s, settings);
  registerCommands(context, { services: s, settings, demos, views, log });
  const gateway = registerGateway(context, { services: s, settings, log });
  const dashboard = registerDashboard(context, { services: s, settings, demos, log, gateway });
  const statusBar = registerStatusBar(context, s, settings);

  return {
    router: () => s.getRouter(),
    settings: () => settings.state,
    refreshSettings: () => settings.refresh(),
    onDidChangeSettings: settings.onDidChange,
    onDidReportProblems: settings.onDidReportProblems,
    tenant: () => s.tenant(),
    simulator: () => s.simulator(),
    ensureBackend: async () => (await s.ensureBackend()).simulator,
    chatHandler,
    onDidRunDemo: demos.onDidRunDemo,
    lastDemoResults: () => demos.lastResults,
    limits: () => s.limits.status(),
    onDidChangeLimits: s.onDidChangeLimits,
    addTargetModels: (target) => modelPick(s, target),
    logLines: () => log.lines(),
    activationMs: performance.now() - activationStarted,
    dashboard,
    gateway,
    statusBarItem: () => statusBar.item,
  };
}

/** Closes the simulator and the SDK's connections. */
export async function deactivate(): Promise<void> {
  await services?.stopBackend('the extension is shutting down');
  services = undefined;
}
