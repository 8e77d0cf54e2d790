import { Redis } from 'ioredis';
import { type Clock } from '../../core/clock';
import { type Disposable, type Listener } from '../../core/events';
import { FailoverLimitStore, type LimitModeChange } from './failoverStore';
import { MemoryLimitStore } from './memoryStore';
import { DEFAULT_KEY_PREFIX } from './redisStore';
import { type LimitMode, type LimitStore } from './types';

export interface LimitStoreSettings {
  /**
   * `redis://[user@]host:port[/db]` or `rediss://…` (TLS), from `resilientLlm.redis.url`.
   * Empty or absent: limits stay in this process.
   */
  redisUrl?: string;
  /** From `context.secrets`; overrides a password in the URL. */
  password?: string;
  /** From `resilientLlm.redis.keyPrefix`; default `rllm:`. */
  keyPrefix?: string;
  /** The router's clock. */
  clock?: Clock;
  /** A command that takes longer counts as Redis being down. Default 200 ms. */
  commandTimeoutMs?: number;
  /** How long the first connection may take before the local fallback is announced. Default 3 s. */
  connectTimeoutMs?: number;
  /** Real ms between heartbeats while shared. Default 2 s. */
  heartbeatMs?: number;
  /** Real ms between reconnection probes on the local fallback. Default 1 s. */
  probeMs?: number;
  /** Real time a crashed process's leases keep their slots. Default 2 min. */
  leaseTtlMs?: number;
}

/** What the extension holds: the store for the Router, its mode and events, and how to close it. */
export interface LimitStoreHandle extends Disposable {
  readonly store: LimitStore;
  /** 'in-process', 'shared' or 'local-fallback', right now. */
  readonly mode: LimitMode;
  /** Processes (windows) sharing the limits, as last counted through Redis; 1 for in-process limits. */
  readonly processes: number;
  /** Fires when limits move between Redis and this process (never for in-process limits). */
  onModeChange(listener: Listener<LimitModeChange>): Disposable;
  /** Resolves when the store knows whether Redis answers (immediately for in-process limits). */
  ready(): Promise<LimitMode>;
  /** Stops heartbeats and closes the Redis connection. */
  close(): Promise<void>;
}

/** `rllm:`-style prefixes: letters, digits and `:_.-{}` only, so keys stay readable and cannot collide by accident. */
export function validKeyPrefix(prefix: string): boolean {
  return /^[A-Za-z0-9:_.{}-]{1,64}$/.test(prefix);
}

/**
 * The limit store for a Router: in-process without a Redis URL; with one, Redis shared by
 * every window and machine that uses the same Redis and prefix, falling back to a
 * conservative in-process share while Redis does not answer.
 */
export function createLimitStore(settings: LimitStoreSettings = {}): LimitStoreHandle {
  const url = settings.redisUrl?.trim();
  if (!url) {
    const store = new MemoryLimitStore();
    return { store, mode: 'in-process', processes: 1, onModeChange: () => ({ dispose() {} }), ready: () => Promise.resolve('in-process'), close: () => Promise.resolve(), dispose() {} };
  }
  const keyPrefix = settings.keyPrefix?.trim() || DEFAULT_KEY_PREFIX;
  if (!validKeyPrefix(keyPrefix)) throw new RangeError(`Redis key prefix "${keyPrefix}" may only use letters, digits and : _ . - { } (at most 64 characters).`);
  const redis = new Redis(url, {
    ...(settings.password ? { password: settings.password } : {}),
    commandTimeout: settings.commandTimeoutMs ?? 200,
    connectTimeout: settings.connectTimeoutMs ?? 3_000,
    // Fail fast instead of queueing: a command queued while Redis is away could run after
    // the router has already admitted the request in-process.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    connectionName: 'resilient-llm',
  });
  redis.on('error', () => {}); // reported through onModeChange, once per change
  const store = new FailoverLimitStore(redis, { keyPrefix, clock: settings.clock, heartbeatMs: settings.heartbeatMs, probeMs: settings.probeMs, connectTimeoutMs: settings.connectTimeoutMs, leaseTtlMs: settings.leaseTtlMs });
  const close = async () => {
    store.dispose();
    await redis.quit().catch(() => redis.disconnect());
  };
  return {
    store,
    get mode() {
      return store.mode;
    },
    get processes() {
      return store.processes;
    },
    onModeChange: (listener) => store.onModeChange(listener),
    ready: () => store.ready(),
    close,
    dispose: () => void close(),
  };
}
