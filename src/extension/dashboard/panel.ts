import * as vscode from 'vscode';
import { type HostMessage, type RequestMessage, type RequestMethod, type RequestParams, type RequestResult, DASHBOARD_VIEW_TYPE, parseWebviewMessage } from '../../webview/protocol';
import { dashboardHtml } from './html';

export type RequestHandlers = { [M in RequestMethod]: (params: RequestParams<M>) => Promise<RequestResult<M>> };

export const DASHBOARD_TITLE = 'Resilient LLM Dashboard';
/** How long a visible page may take to say `ready` before it is loaded again, and how often. */
const READY_TIMEOUT_MS = 15_000;
const READY_RETRIES = 3;

/** Webview options: scripts on, resources from media/ only. Never `retainContextWhenHidden`: the page keeps its state with setState. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

/**
 * One dashboard webview panel and its typed message channel. Messages are posted only
 * after the page said `ready`; a hidden panel's page is gone (no
 * `retainContextWhenHidden`), so after it is shown again the host waits for the next
 * `ready` and the owner posts the whole state again. Requests are answered with a
 * `reply` of the same id.
 */
export class DashboardPanel implements vscode.Disposable {
  private ready = false;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private reloads = 0;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  private readonly disposables: vscode.Disposable[] = [this.readyEmitter, this.postEmitter];
  /** Fires each time the page (re)loads and is ready for the whole state. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  /** Fires with every message delivered to the page (tests watch it). */
  readonly onDidPost = this.postEmitter.event;
  readonly onDidDispose: vscode.Event<void>;

  static create(extensionUri: vscode.Uri, handlers: RequestHandlers): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, DASHBOARD_TITLE, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { ...webviewOptions(extensionUri), enableFindWidget: true });
    return new DashboardPanel(panel, extensionUri, handlers);
  }

  /** Takes over a panel VS Code restored after a reload (the serializer hands it over). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, handlers: RequestHandlers): DashboardPanel {
    panel.webview.options = webviewOptions(extensionUri);
    return new DashboardPanel(panel, extensionUri, handlers);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: RequestHandlers,
  ) {
    const webview = panel.webview;
    panel.title = DASHBOARD_TITLE;
    panel.iconPath = { light: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'dashboard-light.svg'), dark: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'dashboard-dark.svg') };
    this.onDidDispose = panel.onDidDispose;
    this.disposables.push(
      webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
        else if (!this.ready) this.watch();
      }),
    );
    this.load();
  }

  /** Sets the page (a fresh nonce each time) and watches for its `ready`. */
  private load(): void {
    const { extensionUri } = this;
    const webview = this.panel.webview;
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dist', 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dashboard.css')).toString(),
    });
    this.watch();
  }

  /**
   * A page whose script never loaded stays on "Loading..." for good (seen when the web
   * workbench's resource request timed out under load, a 408). If a visible page has not said
   * `ready` within a while, load it again, a few times at most.
   */
  private watch(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      if (this.ready || !this.panel.visible || this.reloads >= READY_RETRIES) return;
      this.reloads++;
      this.load();
    }, READY_TIMEOUT_MS);
  }

  /** True once the page has said `ready` (and has not been hidden since). */
  get isReady(): boolean {
    return this.ready;
  }

  /** Posts to the page if it is ready; otherwise drops the message (the page gets the whole state on `ready`). */
  post(message: HostMessage): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message).then((delivered) => {
      if (delivered) this.postEmitter.fire(message);
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private receive(data: unknown): void {
    const message = parseWebviewMessage(data);
    if (!message) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.reloads = 0;
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = undefined;
      this.readyEmitter.fire();
      return;
    }
    void this.answer(message);
  }

  private async answer(request: RequestMessage): Promise<void> {
    const handler = this.handlers[request.method] as (params: RequestParams<RequestMethod>) => Promise<RequestResult<RequestMethod>>;
    try {
      const result = await handler(request.params);
      this.post({ type: 'reply', id: request.id, ok: true, result });
    } catch (err) {
      this.post({ type: 'reply', id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  dispose(): void {
    this.ready = false;
    if (this.watchdog) clearTimeout(this.watchdog);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
