import * as vscode from 'vscode';
import { type ModelDirectory, isApplicationProfileArn } from '../core/modelDirectory';
import type { DiscoveryResult, DiscoveryTarget } from '../providers/bedrock/discovery';
import type { Endpoint, ModelRequest, StreamEvent, StreamHooks } from '../providers/types';
import { type LimitStoreHandle, PoolDiscovery, type ResolvedConfig, Router, RouterError, type Settings, formatProblem, settingsSchema } from '../router';
import type { Simulator } from '../simulator';
import { type Backend, awsBackend, backendKey, simulatedBackend } from './backend';
import { displayUrl } from './displayUrl';
import { type Log } from './log';
import { retireWhenIdle } from './retireRouter';
import { type SettingsWatcher } from './settings';
import { type LimitsStatus, SharedLimits } from './sharedLimits';
import { StoredSecrets } from './storedSecrets';
import { tenantName } from './tenant';

/** What Services needs from the extension context. */
export interface ServicesHost {
  /** Where the simulator writes its throw-away AWS files. */
  storageDir: string;
  secrets: vscode.SecretStorage;
  state: vscode.Memento;
}

/**
 * The long-lived pieces, created lazily: the router on first use (cheap, no SDK), the
 * backend (SDK clients, and in `simulated` mode the simulator) on the first model call.
 * Settings changes reconfigure the router live and rebuild the backend when the mode,
 * endpoint or simulator settings change. The chat participant, the language-model
 * provider, the commands and the demos all share this one router: same limits, tenant
 * and records.
 */
export class Services implements vscode.Disposable {
  private router: { value: Router; subscription: { dispose(): void }; quotas: PoolDiscovery } | undefined;
  private backend: { key: string; ready: Promise<Backend>; value?: Backend } | undefined;
  /** Routers replaced by a new limit store, finishing their requests; each closes its store when idle. */
  private readonly retiring = new Set<{ dispose(): void }>();
  private readonly backendEmitter = new vscode.EventEmitter<void>();
  private readonly routerEmitter = new vscode.EventEmitter<void>();
  /** Where the limits live: this window, or Redis (`resilientLlm.redis.*`). */
  readonly limits: SharedLimits;
  /** API keys and access keys stored per account (`aws` mode). */
  readonly secrets: StoredSecrets;
  private readonly storageDir: string;
  private readonly disposables: vscode.Disposable[] = [this.backendEmitter, this.routerEmitter];
  /** Fires when the backend (and so the simulator) starts or stops. */
  readonly onDidChangeBackend = this.backendEmitter.event;
  /** Fires when a new router replaced the shared one (the limit store changed): views re-attach. */
  readonly onDidChangeRouter = this.routerEmitter.event;
  /** Fires when the limits move between Redis and this window. */
  readonly onDidChangeLimits: vscode.Event<LimitsStatus>;

  constructor(
    host: ServicesHost,
    private readonly settings: SettingsWatcher,
    private readonly log: Log,
  ) {
    this.storageDir = host.storageDir;
    this.limits = new SharedLimits(host.secrets, log);
    this.secrets = new StoredSecrets(host.secrets, host.state);
    this.onDidChangeLimits = this.limits.onDidChangeMode;
    this.disposables.push(
      this.limits,
      settings.onDidChange((s) => this.apply(s.config)),
      this.limits.onDidReplaceStore((previous) => this.replaceRouter(previous)),
      this.secrets.onDidChange((account) => this.backend?.value?.secretsChanged(account)),
    );
  }

  tenant(): string {
    return tenantName();
  }

  /** The model catalog plus what discovery learned (application inference profiles). */
  get models(): ModelDirectory {
    return this.settings.models;
  }

  /** The configuration serving requests (the last valid one), if any. */
  currentConfig(): ResolvedConfig | undefined {
    return this.settings.state.config;
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
      const router = new Router({ config, store: this.limits.current.store, models: this.settings.models, provider: { stream: (endpoint, request, signal, hooks) => this.stream(endpoint, request, signal, hooks) } });
      // Pools' untyped limits from Service Quotas, once the backend runs (never started just for this).
      const quotas = new PoolDiscovery(router.pools, async (account) => (await this.ensureBackend()).serviceQuotas(account), this.log, { models: () => this.settings.models });
      quotas.start(() => (this.backend?.value ? this.settings.state.config?.settings : undefined));
      const records = router.onRecord((r) => this.log.record(r));
      // The learnt pool limits: the log says when the router backs off and when it is back at the quota (not each step).
      const learning = router.onPoolLimit((e) => (e.kind === 'backoff' ? this.log.warn(e.message) : e.kind === 'recovered' ? this.log.info(e.message) : undefined));
      this.router = { value: router, subscription: { dispose: () => (records.dispose(), learning.dispose()) }, quotas };
      if (this.backend?.value) void quotas.refresh(config.settings);
    }
    return this.router.value;
  }

  /**
   * A new limit store (Redis URL, prefix or password changed): the next request gets a new
   * router on it. The old router finishes what it admitted, then its store is closed.
   */
  private replaceRouter(previous: LimitStoreHandle): void {
    const old = this.router;
    this.router = undefined;
    if (!old) {
      void previous.close();
      return;
    }
    // The callback may run at once, before retireWhenIdle returns.
    const entry: { handle?: { dispose(): void }; closed: boolean } = { closed: false };
    entry.handle = retireWhenIdle(old.value, () => {
      entry.closed = true;
      if (entry.handle) this.retiring.delete(entry.handle);
      old.subscription.dispose();
      old.quotas.dispose();
      void previous.close();
    });
    if (!entry.closed) this.retiring.add(entry.handle);
    this.routerEmitter.fire();
  }

  /** The running simulator, if the backend is the simulator and has started. */
  simulator(): Simulator | undefined {
    return this.backend?.value?.simulator;
  }

  private apply(config: ResolvedConfig | undefined): void {
    if (!config) return;
    if (this.router && this.router.value.configuration !== config) {
      this.router.value.configure(config);
      if (this.backend?.value) void this.router.quotas.refresh(config.settings);
    }
    if (this.backend && this.backend.key !== backendKey(config.settings)) void this.stopBackend('the mode, endpoint or simulator settings changed');
  }

  private async *stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal, hooks?: StreamHooks): AsyncGenerator<StreamEvent> {
    const backend = await this.ensureBackend();
    yield* backend.stream(endpoint, request, signal, hooks);
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
        else this.log.info(`Sending requests to Amazon Bedrock${s.endpoint ? ` through ${displayUrl(s.endpoint, 'resilientLlm.endpoint')}` : ''}, signed with each target's credentials (AWS profiles, the default chain, stored keys).`);
        this.backendEmitter.fire();
        this.learnApplicationProfiles();
        const config = this.settings.state.config;
        if (this.router && config) void this.router.quotas.refresh(config.settings);
      },
      (err: unknown) => {
        if (this.backend === entry) this.backend = undefined;
        this.log.error(`Could not start the ${s.mode} backend: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    return entry.ready;
  }

  private createBackend(s: Settings): Promise<Backend> {
    if (s.mode === 'aws') return awsBackend(s, this.secrets);
    const profiles = [...new Set([...(this.settings.state.config?.targets.values() ?? [])].map((t) => t.profile))];
    return simulatedBackend(s, profiles, this.storageDir);
  }

  /**
   * The account's models and inference profiles in a Region (for Add Target), cached per
   * account and Region; the built-in catalog, with a message saying why, when the account
   * denies discovery. What it finds (application inference profiles) is learned, and the
   * settings are checked again with it.
   */
  async discover(target: DiscoveryTarget, options?: { refresh?: boolean; signal?: AbortSignal }): Promise<DiscoveryResult> {
    const backend = await this.ensureBackend();
    const result = await backend.discover(target, options);
    const { learnFromDiscovery } = await import('../providers/bedrock/discovery');
    const before = this.settings.models.version;
    learnFromDiscovery(this.settings.models, result);
    if (result.fallback) this.log.warn(result.message ?? `Model discovery for account "${target.profile}" in ${target.region} fell back to the built-in list.`);
    if (this.settings.models.version !== before) await this.settings.refresh();
    return result;
  }

  /** Targets that name an application inference profile ARN: ask their accounts what it copies (limits, prices, Regions). */
  private learnApplicationProfiles(): void {
    const seen = new Set<string>();
    for (const t of this.settings.state.config?.targets.values() ?? []) {
      const key = JSON.stringify([t.profile, t.region, t.auth?.type ?? 'profile']);
      if (!isApplicationProfileArn(t.model) || seen.has(key)) continue;
      seen.add(key);
      this.discover({ profile: t.profile, region: t.region, auth: t.auth }).catch((err: unknown) => this.log.warn(`Could not ask account "${t.profile}" about its application inference profiles: ${err instanceof Error ? err.message : String(err)}`));
    }
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
    for (const r of [...this.retiring]) r.dispose();
    this.router?.subscription.dispose();
    this.router?.quotas.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
