/**
 * The gateway in the extension: started with it, in trusted workspaces only, on a free
 * loopback port, in front of the shared router (same routes, limits and records as chat). Its
 * token is this workspace's, kept in `context.secrets`; it names the workspace's tenant, so
 * terminal tools count against the workspace's quota. The token is never logged or shown,
 * except by Copy Gateway Settings.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { Gateway, type GatewayVariable, gatewayVariables, newToken, parseGatewayModels } from '../../gateway';
import { type ModelRoutes } from '../../gateway/modelRoutes';
import { SETTINGS_PREFIX } from '../../router';
import { type GatewayView } from '../../webview/protocol';
import { type Log } from '../log';
import { type Services } from '../services';

export type { GatewayView };

export const GATEWAY_ENABLED = 'gateway.enabled';
export const GATEWAY_MODELS = 'gateway.models';

/** The secret-storage key of this workspace's token (secret storage is shared by all workspaces). */
function tokenKey(): string {
  const ws = vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'no-workspace';
  return `resilientLlm.gateway.token/${createHash('sha256').update(ws).digest('hex').slice(0, 32)}`;
}

export class GatewayService implements vscode.Disposable {
  private running: { gateway: Gateway; token: string; subscription: { dispose(): void } } | undefined;
  private starting: Promise<void> | undefined;
  private models: ModelRoutes = {};
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** Fires when the gateway starts or stops, or served a request. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly services: Services,
    private readonly log: Log,
  ) {
    this.readModels();
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_PREFIX}.${GATEWAY_MODELS}`)) this.readModels();
        if (e.affectsConfiguration(`${SETTINGS_PREFIX}.${GATEWAY_ENABLED}`)) void (this.enabled() ? this.start() : this.stop());
      }),
    );
  }

  private enabled(): boolean {
    // User settings only (scope machine): a workspace cannot open a port on its own.
    return vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<boolean>(GATEWAY_ENABLED)?.globalValue ?? true;
  }

  private readModels(): void {
    const parsed = parseGatewayModels(vscode.workspace.getConfiguration(SETTINGS_PREFIX).get(GATEWAY_MODELS));
    if ('problem' in parsed) {
      this.log.warn(`Gateway: ${parsed.problem} The gateway keeps the previous mapping.`);
      return;
    }
    this.models = parsed.models;
  }

  /** Starts the gateway if the workspace is trusted and it is enabled; resolves once it listens (or did not start). */
  start(): Promise<void> {
    if (this.running || !vscode.workspace.isTrusted || !this.enabled()) return Promise.resolve();
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    try {
      const key = tokenKey();
      let token = await this.secrets.get(key);
      if (!token) {
        token = newToken();
        await this.secrets.store(key, token);
      }
      const tokens = () => new Map([[token!, this.services.tenant()]]);
      const gateway = await Gateway.start({ router: () => this.services.getRouter(), tokens, models: () => this.models });
      const subscription = gateway.onRequest((r) => {
        const served = r.record?.servedBy ? `, served by ${r.record.servedBy.targetId}` : '';
        const line = `Gateway: ${r.client} ${r.operation}${r.route ? ` (route ${r.route})` : ''} for ${r.tenant || 'no workspace'}: ${r.status}${served}${r.status >= 400 && r.message ? ` - ${r.message}` : ''}`;
        if (r.status >= 400) this.log.warn(line);
        else this.log.info(line);
        this.changeEmitter.fire();
      });
      this.running = { gateway, token, subscription };
      this.log.info(`Gateway: listening on ${gateway.endpoint} for workspace "${this.services.tenant()}".`);
      this.changeEmitter.fire();
    } catch (err) {
      this.log.error(`Gateway: could not start (${err instanceof Error ? err.message : String(err)}). Chat and the model picker work without it.`);
    }
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    r.subscription.dispose();
    await r.gateway.close();
    this.log.info('Gateway: stopped.');
    this.changeEmitter.fire();
  }

  get endpoint(): string | undefined {
    return this.running?.gateway.endpoint;
  }

  /** The variables that point tools at this workspace's gateway; undefined while it is not running or no route is configured. */
  variables(): GatewayVariable[] | undefined {
    const config = this.services.currentConfig();
    if (!this.running || !config) return undefined;
    return gatewayVariables(this.running.gateway.endpoint, this.running.token, config);
  }

  view(): GatewayView | undefined {
    return this.running ? { endpoint: this.running.gateway.endpoint, clients: this.running.gateway.clients() } : undefined;
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
