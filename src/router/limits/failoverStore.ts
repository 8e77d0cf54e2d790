import { type Redis } from 'ioredis';
import { type Clock, SystemClock } from '../../core/clock';
import { Emitter } from '../../core/events';
import { ConnectionMonitor, type RealTimer } from './connectionMonitor';
import { FreedPoller } from './freedPoller';
import { MemoryLimitStore } from './memoryStore';
import { Reconciler } from './reconciler';
import { type RedisLease, RedisLimitStore, type RedisLimitStoreOptions } from './redisStore';
import { type Admission, type LearntLimit, type Lease, type LimitMode, type LimitSpec, type LimitStore, type LimitUsage } from './types';
import { type OwnAdmission, UsageLedger } from './usageLedger';

export interface LimitModeChange {
  mode: 'shared' | 'local-fallback';
  /** A sentence for the log: why, and what it means for the limits. */
  message: string;
}

export interface FailoverLimitStoreOptions extends Omit<RedisLimitStoreOptions, 'onDataLoss' | 'redis'> {
  /** The router's clock: replays and lease renewals use its time. */
  clock?: Clock;
  /** Real ms between heartbeats while shared (process count, lease renewal, replays). Default 2 s. */
  heartbeatMs?: number;
  /** Real ms between reconnection probes while on the local fallback. Default 1 s. */
  probeMs?: number;
  /** How long the first connection may take before the store announces the local fallback. Default 3 s. */
  connectTimeoutMs?: number;
  /** Processes assumed to share the limits until a heartbeat has counted them. Default 1. */
  assumedInstances?: number;
  /** The real-time timer of heartbeats and probes. Default: `setTimeout`, not keeping the process alive. */
  timer?: RealTimer;
}

interface TrackedLease extends Lease {
  readonly backend: 'shared' | 'local';
  /** On the shared backend: the Redis lease; the local lease mirrors it. */
  readonly shared: RedisLease | undefined;
  readonly local: Lease;
  readonly own: OwnAdmission;
  /** Keys whose concurrency limit this lease holds a slot under. */
  readonly slots: readonly string[];
}

/**
 * Where the limits are, keyed by state: `connecting` until the store knows whether Redis
 * answers (nothing announced yet, admissions wait), then `shared` (Redis) or
 * `local-fallback` (this process), each announced through `onModeChange`.
 */
type ModeState = { readonly kind: 'connecting'; readonly startedAt: number } | { readonly kind: 'shared' } | { readonly kind: 'local-fallback' };

/**
 * Limits in Redis while it answers, in this process when it does not. Every admission goes
 * to Redis (one round trip); if Redis errors or times out, the store switches to an
 * in-process store holding a conservative share of each limit (limit / processes seen by
 * the heartbeat, at least 1), says so once through `onModeChange`, and probes until Redis
 * is back. Then it undoes admissions whose replies were lost, settles leases that finished
 * meanwhile, tells Redis what was admitted locally, and says it is shared again.
 * No admission fails because Redis failed; a lease is finished on the backend that admitted it.
 */
export class FailoverLimitStore implements LimitStore {
  readonly shared: RedisLimitStore;
  private readonly local = new MemoryLimitStore();
  private readonly redis: Redis;
  private readonly clock: Clock;
  private readonly ledger: UsageLedger;
  private readonly heartbeatMs: number;
  private readonly probeMs: number;
  private readonly monitor: ConnectionMonitor;
  private readonly connectTimeoutMs: number;
  private readonly leases = new Map<number, TrackedLease>();
  private readonly reconciler: Reconciler;
  private readonly modeEmitter = new Emitter<LimitModeChange>();
  private state: ModeState = { kind: 'connecting', startedAt: performance.now() };
  private announce!: () => void;
  private readonly decided = new Promise<void>((resolve) => (this.announce = resolve));
  private instances: number;
  private nextId = 1;
  private disposed = false;
  private lastError = '';
  /** Wakes waiters for capacity held by other processes. */
  private readonly freed: FreedPoller;

  /** Fires when limits move between Redis and this process. */
  readonly onModeChange = this.modeEmitter.event;

  constructor(redis: Redis, options: FailoverLimitStoreOptions = {}) {
    this.redis = redis;
    this.clock = options.clock ?? new SystemClock();
    this.shared = new RedisLimitStore({ ...options, redis, timeScale: options.timeScale ?? this.clock.scale, onDataLoss: () => this.reconciler.replayAll() });
    this.ledger = new UsageLedger(this.shared.instanceId);
    this.reconciler = new Reconciler({ shared: this.shared, ledger: this.ledger, clock: this.clock, isShared: () => this.state.kind === 'shared', fallBack: (err) => this.fallBack(err), heldSlots: () => this.heldSlots() });
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
    this.probeMs = options.probeMs ?? 1_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
    this.instances = Math.max(1, options.assumedInstances ?? 1);
    this.freed = new FreedPoller(options.timer);
    this.monitor = new ConnectionMonitor({
      heartbeatMs: this.heartbeatMs,
      probeMs: this.probeMs,
      connected: () => this.state.kind === 'shared',
      beforeTick: () => this.ledger.prune(this.clock.now()),
      heartbeat: () => this.heartbeat(),
      probe: () => this.recover(),
      timer: options.timer,
    });
    redis.on('error', (err: Error) => {
      this.lastError = err.message;
      if (this.state.kind === 'connecting') this.schedule(0); // a refused connection need not wait for the connect timeout
    });
    redis.on('ready', () => {
      if (this.state.kind !== 'shared') this.schedule(0); // back: probe now rather than at the next tick
    });
    this.schedule(0);
  }

  get mode(): LimitMode {
    return this.state.kind === 'shared' ? 'shared' : 'local-fallback';
  }

  /** Processes sharing the limits, as last counted by the heartbeat. */
  get processes(): number {
    return this.instances;
  }

  /** Resolves once the store knows whether Redis answers (at most `connectTimeoutMs` after creation). */
  async ready(): Promise<LimitMode> {
    await this.decided;
    return this.mode;
  }

  /** Resolves when another process may have freed capacity (polled, see `FreedPoller`); never on the local limits. */
  othersMayHaveFreed(): Promise<void> {
    if (this.state.kind !== 'shared' || this.disposed) return new Promise(() => {}); // local limits: only this process frees
    return this.freed.next();
  }

  async admit(specs: readonly LimitSpec[], tokens: number, now: number): Promise<Admission> {
    if (this.state.kind === 'connecting') await this.decided;
    if (this.state.kind === 'shared') {
      const member = this.shared.newMember();
      try {
        const a = await this.shared.admitAs(member, specs, tokens, now);
        if (!a.ok) return a;
        this.freed.admitted();
        const shared = this.shared.lease(a.lease.id)!;
        return { ok: true, lease: this.track('shared', shared, this.local.record(specs, tokens, now), member, specs, now, tokens) };
      } catch (err) {
        this.reconciler.undoLater(member, specs, now);
        this.fallBack(err);
      }
    }
    const a = this.local.admit(shareOf(specs, tokens, this.instances), tokens, now);
    if (!a.ok) return a;
    return { ok: true, lease: this.track('local', undefined, a.lease, this.shared.newMember(), specs, now, tokens) };
  }

  /** Both the in-process mirror and Redis (in the background) move to the acceptance time. */
  restamp(lease: Lease, now: number): void {
    const l = this.leases.get(lease.id);
    if (!l) return;
    this.local.restamp(l.local, now);
    if (l.shared) void this.shared.restampShared(l.shared, now).catch(() => {});
  }

  async finish(lease: Lease, actualTokens: number, now: number): Promise<void> {
    const l = this.leases.get(lease.id);
    if (!l) return;
    this.leases.delete(lease.id);
    this.local.finish(l.local, actualTokens, now);
    if (l.backend === 'local') {
      this.ledger.finish(l.own, actualTokens, false);
      if (l.slots.length > 0) this.reconciler.freeSlot({ member: l.own.member, keys: l.slots });
      if (this.state.kind === 'shared') this.reconciler.flushSoon();
      return;
    }
    this.ledger.finish(l.own, actualTokens, true);
    if (this.state.kind === 'shared') {
      try {
        if ((await this.shared.settle(l.shared!, actualTokens, now)) === 'lost') this.reconciler.unsyncAndFlush(l.own);
        return;
      } catch (err) {
        this.fallBack(err);
      }
    }
    this.reconciler.settleLater(l.shared!, actualTokens, now, l.own);
  }

  /** Gives an unused admission back on the backend that made it; if Redis does not answer, it is undone there once it does. */
  async refund(lease: Lease, now: number): Promise<void> {
    const l = this.leases.get(lease.id);
    if (!l) return;
    this.leases.delete(lease.id);
    this.local.refund(l.local, now);
    this.ledger.drop(l.own);
    if (l.backend === 'local') return;
    const specs = l.own.keys.map((key) => ({ key }));
    if (this.state.kind === 'shared') {
      try {
        await this.shared.refund(l.shared!, now);
        return;
      } catch (err) {
        this.fallBack(err);
      }
    }
    this.reconciler.undoLater(l.shared!.member, specs, l.own.at);
  }

  async setCooldown(key: string, untilMs: number, reason: string, now: number): Promise<void> {
    this.local.setCooldown(key, untilMs, reason, now);
    if (this.state.kind === 'shared') {
      try {
        await this.shared.setCooldown(key, untilMs, reason, now);
        return;
      } catch (err) {
        this.fallBack(err);
      }
    }
    this.reconciler.cooldownLater(key, untilMs, reason);
  }

  /** Redis's learnt limit while shared; this process's on the local fallback (the learner keeps its own newest value either way). */
  learnt(key: string): LearntLimit | undefined {
    return this.state.kind === 'shared' ? this.shared.learnt(key) : this.local.learnt(key);
  }

  async setLearnt(key: string, value: LearntLimit): Promise<void> {
    this.local.setLearnt(key, value);
    if (this.state.kind !== 'shared') return;
    try {
      await this.shared.setLearnt(key, value);
    } catch (err) {
      this.fallBack(err);
    }
  }

  usage(key: string, now: number): LimitUsage {
    return this.state.kind === 'shared' ? this.shared.usage(key, now) : this.local.usage(key, now);
  }

  clear(): void {
    this.local.clear();
    this.shared.clear();
  }

  get outstanding(): number {
    return this.leases.size;
  }

  /** Admissions kept for replay (for leak checks). */
  get ledgerSize(): number {
    return this.ledger.size;
  }

  /** Stops heartbeats and probes. The caller closes the Redis client. */
  dispose(): void {
    this.disposed = true;
    this.monitor.stop();
    this.freed.stop();
    this.announce(); // nothing waits for a decision that will not come
    this.modeEmitter.dispose();
  }

  private track(backend: 'shared' | 'local', shared: RedisLease | undefined, local: Lease, member: string, specs: readonly LimitSpec[], now: number, tokens: number): TrackedLease {
    const own = this.ledger.add(member, specs.map((s) => s.key), now, tokens, backend === 'shared');
    const lease: TrackedLease = { id: this.nextId++, tokens, backend, shared, local, own, slots: specs.filter((s) => s.concurrency !== undefined).map((s) => s.key) };
    this.leases.set(lease.id, lease);
    return lease;
  }

  private fallBack(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    if (this.state.kind === 'local-fallback') return;
    this.state = { kind: 'local-fallback' };
    const share = this.instances === 1 ? 'with the full limits (no other process was seen on Redis)' : `at a 1/${this.instances} share of each (${this.instances} processes were sharing them)`;
    this.emit('local-fallback', `Redis is unreachable (${this.lastError}): limits are held in this process, ${share}, until it answers again. No request fails because of it.`);
    this.schedule(this.probeMs);
  }

  private emit(mode: 'shared' | 'local-fallback', message: string): void {
    this.announce();
    this.modeEmitter.fire({ mode, message });
  }

  private schedule(ms: number): void {
    this.monitor.schedule(ms);
  }

  private async heartbeat(): Promise<void> {
    try {
      const now = this.clock.now();
      this.instances = await this.shared.heartbeat(this.heartbeatMs * 3);
      await this.reconciler.drain(now);
      await this.shared.renew(now);
      await this.reconciler.flush();
    } catch (err) {
      this.fallBack(err);
    }
  }

  /** Back to Redis: undo lost admissions, settle what finished, replay local use and the slots still held, then share again. */
  private async recover(): Promise<void> {
    try {
      if (this.redis.status !== 'ready') throw new Error(`the connection is ${this.redis.status}`);
      this.instances = await this.shared.heartbeat(this.heartbeatMs * 3);
      await this.reconciler.drain(this.clock.now());
      await this.reconciler.flush();
      await this.reconciler.replaySlots();
      const again = this.state.kind !== 'connecting';
      this.state = { kind: 'shared' };
      this.emit('shared', `Limits are shared through Redis (${this.instances} ${this.instances === 1 ? 'process' : 'processes'}${again ? '; Redis answers again' : ''}).`);
    } catch (err) {
      if (this.state.kind !== 'connecting') return; // still on the local fallback; the next probe tries again
      const refused = this.lastError; // set by the client's error event
      if (refused || performance.now() - this.state.startedAt >= this.connectTimeoutMs) this.fallBack(refused ? new Error(refused) : err);
    }
  }

  /** The concurrency slots of every request this process admitted and is still serving. */
  private heldSlots(): Array<{ member: string; keys: readonly string[] }> {
    return [...this.leases.values()].filter((l) => l.slots.length > 0).map((l) => ({ member: l.shared?.member ?? l.own.member, keys: l.slots }));
  }
}

/** A process's conservative share of each limit among `n`; a request that fits the whole limit is never refused as too large. */
function shareOf(specs: readonly LimitSpec[], tokens: number, n: number): LimitSpec[] {
  const count = (v: number | undefined) => (v === undefined ? undefined : Math.max(1, Math.floor(v / n)));
  const amount = (v: number | undefined) => (v === undefined ? undefined : Math.max(Math.floor(v / n), Math.min(tokens, v)));
  return specs.map((s) => ({ key: s.key, rpm: count(s.rpm), tpm: amount(s.tpm), concurrency: count(s.concurrency), tokensPerDay: amount(s.tokensPerDay) }));
}
