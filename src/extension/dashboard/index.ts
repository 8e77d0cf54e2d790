import * as vscode from 'vscode';
import type { DemoLine, Pattern } from '../../demos/types';
import { RouterError, describeService } from '../../router';
import { type DemoChoice, type HostMessage, DASHBOARD_VIEW_TYPE, parseDashboardState } from '../../webview/protocol';
import { COMMANDS } from '../commands/ids';
import { type GatewayApi } from '../gateway';
import { type DemoService } from '../demos';
import { type Log } from '../log';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { DashboardPanel, type RequestHandlers } from './panel';
import { RouterFeed } from './routerFeed';
import { DemoResults, changesWithTime, routerView } from './stateBridge';
import { throttle } from './throttle';

export interface DashboardDeps {
  services: Services;
  settings: SettingsWatcher;
  demos: DemoService;
  log: Log;
  gateway?: GatewayApi;
}

/** Live updates at most this often (4 a second). */
const UPDATE_INTERVAL_MS = 250;
const SYSTEM_PROMPT = 'You are a concise assistant. Answer in a few sentences.';

/**
 * The dashboard: a singleton webview panel with the demo results (as charts and tables)
 * and the router's live state. The latest result of each demo is kept from activation on,
 * whoever ran it (palette, `/demo`, the dashboard's buttons), so opening the dashboard
 * after a run shows it. While a panel is open it follows the shared router.
 */
export class Dashboard implements vscode.Disposable {
  private current: { view: DashboardPanel; feed: RouterFeed; subscriptions: vscode.Disposable[] } | undefined;
  private readonly results = new DemoResults();
  private demoRun: AbortController | undefined;
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  private readonly disposables: vscode.Disposable[] = [this.postEmitter];
  /** Fires with every message delivered to the open panel's page (tests watch it). */
  readonly onDidPost = this.postEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: DashboardDeps,
  ) {
    this.results.add(deps.demos.lastResults);
    this.disposables.push(
      deps.demos.onDidRunDemo((results) => {
        this.results.add(results);
        this.current?.view.post({ type: 'demos', results: this.results.all });
      }),
    );
  }

  /** The open panel, if any. */
  get panel(): DashboardPanel | undefined {
    return this.current?.view;
  }

  /** Open Dashboard: reveals the panel, or opens it. */
  open(): vscode.WebviewPanel {
    if (this.current) {
      this.current.view.reveal();
      return this.current.view.panel;
    }
    return this.attach(DashboardPanel.create(this.extensionUri, this.handlers())).panel;
  }

  /** After a window reload: takes the restored panel, with the demo results its page had kept. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = parseDashboardState(state);
    if (saved && this.results.size === 0) this.results.add(saved.demos);
    if (this.current) {
      // Only one dashboard: a second restored panel (an old window layout) closes.
      panel.dispose();
      return;
    }
    this.attach(DashboardPanel.revive(panel, this.extensionUri, this.handlers()));
  }

  private attach(view: DashboardPanel): DashboardPanel {
    const feed = new RouterFeed(this.deps.services, this.deps.settings, UPDATE_INTERVAL_MS);
    const postRouter = () => {
      if (!view.isReady) return;
      const { mode: _mode, ...limits } = this.deps.services.limits.status();
      const state = routerView(feed.router(), this.deps.settings.state, this.deps.services.tenant(), limits);
      view.post({ type: 'router', view: { ...state, gateway: this.deps.gateway?.view() } });
      const later = changesWithTime(state);
      if (later !== 'no') feed.refreshIn(later === 'soon' ? 1000 : 3000);
    };
    const subscriptions = [
      view,
      feed,
      feed.onDidChange(postRouter),
      ...(this.deps.gateway ? [this.deps.gateway.onDidChange(postRouter)] : []),
      view.onDidPost((m) => this.postEmitter.fire(m)),
      view.onDidBecomeReady(() => {
        view.post({ type: 'demos', results: this.results.all });
        postRouter();
      }),
    ];
    this.current = { view, feed, subscriptions };
    view.onDidDispose(() => {
      if (this.current?.view !== view) return;
      this.current = undefined;
      this.demoRun?.abort();
      for (const s of subscriptions) s.dispose();
    });
    return view;
  }

  private handlers(): RequestHandlers {
    return {
      runDemo: async ({ pattern }) => ({ results: await this.runDemo(pattern) }),
      resetStatistics: async () => ({ reset: (await vscode.commands.executeCommand<boolean>(COMMANDS.resetStatistics)) === true }),
      openSettings: async () => {
        await vscode.commands.executeCommand(COMMANDS.openSettingsJson, 'resilientLlm.routes');
        return { opened: true };
      },
      ask: async ({ route, prompt }) => {
        const { services } = this.deps;
        const router = services.getRouter();
        try {
          const { text, record } = await router.send({ route, tenant: services.tenant(), request: { system: [SYSTEM_PROMPT], messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], maxTokens: 512 } });
          return { text, servedBy: describeService(record), recordId: record.id };
        } catch (err) {
          throw new Error(RouterError.isInstance(err) ? err.message : `The request failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      },
    };
  }

  /** Runs a demo for the dashboard's buttons, posting its progress; the result arrives through onDidRunDemo. */
  private async runDemo(choice: DemoChoice): Promise<number> {
    if (this.demoRun) throw new Error('A demo is already running; wait for it to finish.');
    const controller = new AbortController();
    this.demoRun = controller;
    let completed = 0;
    let latest: HostMessage | undefined;
    const progress = throttle(() => latest && this.current?.view.post(latest), UPDATE_INTERVAL_MS);
    try {
      const run = await this.deps.demos.run(choice, {
        signal: controller.signal,
        onLine: (line: DemoLine, pattern: Pattern) => {
          latest = { type: 'demoProgress', choice, pattern, completed: ++completed, line };
          progress();
        },
      });
      return run.results.length;
    } catch (err) {
      this.deps.log.error(`Dashboard: the ${choice} demo failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    } finally {
      progress.dispose();
      this.demoRun = undefined;
    }
  }

  dispose(): void {
    this.demoRun?.abort();
    for (const s of this.current?.subscriptions ?? []) s.dispose();
    this.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

declare module '../api' {
  interface ResilientLlmApi {
    /** The dashboard panel (issue 6), for tests. */
    readonly dashboard: DashboardApi;
  }
}

/** What the extension's API hands tests about the dashboard. */
export interface DashboardApi {
  /** The open dashboard panel, if any. */
  panel(): vscode.WebviewPanel | undefined;
  /** True once the open panel's page has run its script and said `ready`. */
  isReady(): boolean;
  /** Fires with every message delivered to the open panel's page. */
  readonly onDidPost: vscode.Event<HostMessage>;
}

/**
 * Open Dashboard (`resilientLlm.openDashboard`, returns the panel) and the serializer that
 * brings the panel back after a window reload (activation event
 * `onWebviewPanel:resilientLlm.dashboard`).
 */
export function registerDashboard(context: vscode.ExtensionContext, deps: DashboardDeps): DashboardApi {
  const dashboard = new Dashboard(context.extensionUri, deps);
  context.subscriptions.push(
    dashboard,
    vscode.commands.registerCommand(COMMANDS.openDashboard, () => dashboard.open()),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => dashboard.revive(panel, state),
    }),
  );
  return { panel: () => dashboard.panel?.panel, isReady: () => dashboard.panel?.isReady ?? false, onDidPost: dashboard.onDidPost };
}
