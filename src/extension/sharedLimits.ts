import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { type LimitMode, type LimitStoreHandle, SETTINGS_PREFIX, createLimitStore, validKeyPrefix } from '../router';
import { displayUrl } from './displayUrl';
import { type Log } from './log';

/** The key of the Redis password in `context.secrets`. */
export const REDIS_PASSWORD_SECRET = 'resilientLlm.redis.password';

export interface RedisSettings {
  /** `resilientLlm.redis.url`, trimmed; empty: limits in this window. */
  url: string;
  /** `resilientLlm.redis.keyPrefix`, trimmed; empty: the store's default. */
  keyPrefix: string;
}

/** Where the limits live right now, for the status bar, the dashboard and tests. */
export interface LimitsStatus {
  mode: LimitMode;
  /** Windows (processes) sharing the limits, as last counted through Redis; 1 in-process. */
  processes: number;
  /** The Redis in use, without user name or password (`redis://host:6379/0`). */
  redis?: string;
  /** The last mode change, as logged. */
  message?: string;
}

/** Read like the other user-only settings: the user (and machine) value, never a workspace's. */
export function readRedisSettings(): RedisSettings {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  const user = (key: string) => {
    const v = cfg.inspect<unknown>(key)?.globalValue;
    return typeof v === 'string' ? v.trim() : '';
  };
  return { url: user('redis.url'), keyPrefix: user('redis.keyPrefix') };
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0`: what may be shown to people. */
export function describeRedisUrl(url: string): string {
  return displayUrl(url, 'an unreadable Redis URL');
}

/** What is wrong with the Redis settings, if anything (never quoting the URL: it may hold a password). */
export function redisSettingsProblem(s: RedisSettings): string | undefined {
  if (s.url && !/^rediss?:\/\/\S+$/.test(s.url)) return 'resilientLlm.redis.url must be a redis:// or rediss:// URL (or empty for limits in this window only)';
  if (s.url) {
    try {
      new URL(s.url);
    } catch {
      return 'resilientLlm.redis.url is not a valid URL';
    }
  }
  if (s.keyPrefix && !validKeyPrefix(s.keyPrefix)) return `resilientLlm.redis.keyPrefix "${s.keyPrefix}" may only use letters, digits and : _ . - { } (at most 64 characters)`;
  return undefined;
}

/**
 * The limit store the router uses: in this window, or in Redis when `resilientLlm.redis.url`
 * is set (password from `context.secrets`). A change of URL, prefix or password builds a new
 * store and fires `onDidReplaceStore` with the old one, which its owner closes once the
 * requests admitted by it have finished. Each move between Redis and the local fallback is
 * logged once (the store announces each change once).
 */
export class SharedLimits implements vscode.Disposable {
  private handle: LimitStoreHandle = createLimitStore();
  private key = '';
  private redis: string | undefined;
  private message: string | undefined;
  private modeSubscription: { dispose(): void } | undefined;
  private generation = 0;
  private reported = '';
  private readonly replaceEmitter = new vscode.EventEmitter<LimitStoreHandle>();
  private readonly modeEmitter = new vscode.EventEmitter<LimitsStatus>();
  private readonly disposables: vscode.Disposable[] = [this.replaceEmitter, this.modeEmitter];
  /** Fires with the previous store after a new one took its place (the owner closes it when idle). */
  readonly onDidReplaceStore = this.replaceEmitter.event;
  /** Fires when the limits move between Redis and this window, or to another store. */
  readonly onDidChangeMode = this.modeEmitter.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_PREFIX}.redis`)) void this.refresh();
      }),
      secrets.onDidChange((e) => {
        if (e.key === REDIS_PASSWORD_SECRET) void this.refresh();
      }),
    );
  }

  /** The store in force. */
  get current(): LimitStoreHandle {
    return this.handle;
  }

  status(): LimitsStatus {
    return { mode: this.handle.mode, processes: this.handle.processes, ...(this.redis ? { redis: this.redis } : {}), ...(this.message ? { message: this.message } : {}) };
  }

  /** Re-reads the Redis settings and password; builds a new store when they changed. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const settings = readRedisSettings();
    const problem = redisSettingsProblem(settings);
    if (problem) return this.report(problem);
    this.reported = '';
    const password = settings.url ? await this.secrets.get(REDIS_PASSWORD_SECRET) : undefined;
    if (generation !== this.generation) return; // a newer read is under way
    // A digest, so the password is not kept in a second place.
    const key = settings.url ? createHash('sha256').update(JSON.stringify([settings.url, settings.keyPrefix, password ?? ''])).digest('hex') : '';
    if (key === this.key) return;
    let next: LimitStoreHandle;
    try {
      next = createLimitStore({ redisUrl: settings.url, password: password || undefined, keyPrefix: settings.keyPrefix || undefined });
    } catch (err) {
      return this.report(err instanceof Error ? err.message : String(err));
    }
    const previous = this.handle;
    this.key = key;
    this.handle = next;
    this.redis = settings.url ? describeRedisUrl(settings.url) : undefined;
    this.message = undefined;
    this.modeSubscription?.dispose();
    this.modeSubscription = next.onModeChange(({ mode, message }) => {
      if (this.handle !== next) return;
      this.message = message;
      if (mode === 'shared') this.log.info(message);
      else this.log.warn(message);
      this.modeEmitter.fire(this.status());
    });
    if (settings.url) this.log.info(`Limits: connecting to Redis at ${this.redis} (key prefix "${settings.keyPrefix || 'rllm:'}"${password ? ', with the stored password' : ''}).`);
    else this.log.info('Limits are held in this window (resilientLlm.redis.url is empty).');
    this.replaceEmitter.fire(previous);
    this.modeEmitter.fire(this.status());
  }

  private report(problem: string): void {
    if (this.reported === problem) return;
    this.reported = problem;
    this.log.error(`${problem}; the limits stay where they are.`);
    void vscode.window.showErrorMessage(`Resilient LLM: ${problem}.`);
  }

  dispose(): void {
    this.generation++;
    this.modeSubscription?.dispose();
    this.handle.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
