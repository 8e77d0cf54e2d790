import * as vscode from 'vscode';
import { COMMANDS } from './commands/ids';
import { RouterFeed } from './dashboard/routerFeed';
import { type Services } from './services';
import { type SettingsWatcher } from './settings';
import { statusBarView } from './statusBarView';
import { tenantQuota } from './views/quota';

/**
 * The status bar item: the workspace's quota use and the router's health at a glance;
 * the tooltip has a line per target; a click opens the dashboard. It follows the router
 * (throttled to two updates a second) and looks again while a minute's window drains or
 * a cooldown runs out.
 */
export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly feed: RouterFeed;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    private readonly settings: SettingsWatcher,
  ) {
    this.item = vscode.window.createStatusBarItem('resilientLlm.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Resilient LLM';
    this.item.command = COMMANDS.openDashboard;
    this.feed = new RouterFeed(services, settings, 500);
    this.disposables.push(this.item, this.feed, this.feed.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  /** Recomputes the item now. */
  update(): void {
    const router = this.feed.router();
    const unavailable = router ? undefined : `The settings are invalid, so no route can serve: ${this.settings.state.problems.length} problem(s). Run "Resilient LLM: Validate Routes".`;
    const snapshot = router?.snapshot();
    const name = this.services.tenant();
    const tenant = router ? tenantQuota(router, name) : undefined;
    const last = router?.stats.recent.findLast((r) => r.tenant === name && r.outcome !== 'cancelled');
    const view = statusBarView({ tenant, targets: snapshot?.targets ?? [], pools: snapshot?.pools ?? [], unavailable, limits: this.services.limits.status(), last });
    this.item.text = view.text;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: [COMMANDS.openDashboard] };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.label, role: 'button' };
    // Nothing fires when a minute's window drains or a cooldown runs out: look again then.
    const u = tenant?.usage;
    if (snapshot?.targets.some((x) => x.health === 'cooling' || x.health === 'credentials' || x.usage.inFlight > 0)) this.feed.refreshIn(1000);
    else if (u && (u.rpm > 0 || u.tpm > 0 || u.inFlight > 0)) this.feed.refreshIn(2000);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

declare module './api' {
  interface ResilientLlmApi {
    /** The status bar item (issue 6), for tests: its text follows the workspace's quota use. */
    statusBarItem(): vscode.StatusBarItem;
  }
}

export function registerStatusBar(context: vscode.ExtensionContext, services: Services, settings: SettingsWatcher): StatusBar {
  const statusBar = new StatusBar(services, settings);
  context.subscriptions.push(statusBar);
  return statusBar;
}
