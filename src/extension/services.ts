import * as vscode from 'vscode';
import type { Endpoint, ModelRequest, StreamEvent } from '../providers/types';
import { type ResolvedConfig, Router, RouterError, type Settings, formatProblem, settingsSchema } from '../router';
import type { Simulator } from '../simulator';
import { type Backend, awsBackend, backendKey, simulatedBackend } from './backend';
import { type Log } from './log';
import { type SettingsWatcher } from './settings';
import { tenantName } from './tenant';

/**
 * The long-lived pieces, created lazily: the router on first use (cheap, no SDK), the
 * backend (SDK clients, and in `simulated` mode the simulator) on the first model call.
 * Settings changes reconfigure the router live and rebuild the backend when the mode,
 * endpoint or simulator settings change. The chat participant, the language-model
 * provider, the commands and the demos all share this one router: same limits, tenant
 * and records.
 */
export class Services implements vscode.Disposable {
  private router: Router | undefined;
  private backend: { key: string; ready: Promise<Backend>; value?: Backend } | undefined;
  private readonly backendEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.backendEmitter];
  /** Fires when the backend (and so the simulator) starts or stops. */
  readonly onDidChangeBackend = this.backendEmitter.event;

  constructor(
    private readonly storageDir: string,
    private readonly settings: SettingsWatcher,
    private readonly log: Log,
  ) {
    this.disposables.push(settings.onDidChange((s) => this.apply(s.config)));
  }

  tenant(): string {
    return tenantName();
  }

  /** The settings in force: the last valid ones, else the schema's defaults. */
  currentSettings(): Settings {
    return this.settings.state.config?.settings ?? settingsSchema.parse({});
  }

  /** The router, created on first use. Throws a `config` RouterError while no configuration is valid. */
  getRouter(): Router {
    const config = this.settings.state.config;
    if (!config) {
      const problems = this.settings.state.problems.map(formatProblem).join('; ');
      throw new RouterError('config', `The resilientLlm settings are invalid, so no route can serve requests: ${problems || 'they have not been read yet'}.`);
    }
    if (!this.router) {
      this.router = new Router({ config, provider: { stream: (endpoint, request, signal) => this.stream(endpoint, request, signal) } });
      this.disposables.push(this.router.onRecord((r) => this.log.record(r)));
    }
    return this.router;
  }

  /** The running simulator, if the backend is the simulator and has started. */
  simulator(): Simulator | undefined {
    return this.backend?.value?.simulator;
  }

  private apply(config: ResolvedConfig | undefined): void {
    if (!config) return;
    if (this.router && this.router.configuration !== config) this.router.configure(config);
    if (this.backend && this.backend.key !== backendKey(config.settings)) void this.stopBackend('the mode, endpoint or simulator settings changed');
  }

  private async *stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const backend = await this.ensureBackend();
    yield* backend.stream(endpoint, request, signal);
  }

  /** Starts the backend for the current settings (the simulator in `simulated` mode) if it is not running. */
  ensureBackend(): Promise<Backend> {
    const s = this.currentSettings();
    const key = backendKey(s);
    if (this.backend?.key === key) return this.backend.ready;
    if (this.backend) void this.stopBackend('the settings changed');
    const entry: NonNullable<Services['backend']> = { key, ready: this.createBackend(s) };
    this.backend = entry;
    entry.ready.then(
      (b) => {
        entry.value = b;
        if (b.simulator) this.log.info(`Simulator started at ${b.simulator.endpoint} (accounts: ${b.simulator.accounts().map((a) => a.profile).join(', ')}; seed ${b.simulator.seed}).`);
        else this.log.info(`Sending requests to Amazon Bedrock${s.endpoint ? ` through ${s.endpoint}` : ''} with the profiles of your AWS files.`);
        this.backendEmitter.fire();
      },
      (err: unknown) => {
        if (this.backend === entry) this.backend = undefined;
        this.log.error(`Could not start the ${s.mode} backend: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    return entry.ready;
  }

  private createBackend(s: Settings): Promise<Backend> {
    if (s.mode === 'aws') return awsBackend(s);
    const profiles = [...new Set([...(this.settings.state.config?.targets.values() ?? [])].map((t) => t.profile))];
    return simulatedBackend(s, profiles, this.storageDir);
  }

  /** Stops the backend (closing the simulator); the next request starts a new one. */
  async stopBackend(reason: string): Promise<boolean> {
    const entry = this.backend;
    if (!entry) return false;
    this.backend = undefined;
    const backend = await entry.ready.catch(() => undefined);
    if (!backend) return false;
    await backend.dispose();
    this.log.info(`${backend.simulator ? 'Simulator stopped' : 'Bedrock clients closed'}: ${reason}.`);
    this.backendEmitter.fire();
    return true;
  }

  dispose(): void {
    void this.stopBackend('the extension is shutting down');
    for (const d of this.disposables) d.dispose();
  }
}
