import { type Redis } from 'ioredis';
import { type Clock, SystemClock } from '../../core/clock';
import { Emitter } from '../../core/events';
import { MemoryLimitStore } from './memoryStore';
import { type RedisLease, RedisLimitStore, type RedisLimitStoreOptions } from './redisStore';
import { type Admission, type Lease, type LimitMode, type LimitSpec, type LimitStore, type LimitUsage } from './types';
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

/** Polling for frees made by other processes: first look after this long (real ms), then doubling up to MAX_POLL_MS. */
const MIN_POLL_MS = 25;
const MAX_POLL_MS = 500;

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
  private readonly connectTimeoutMs: number;
  private readonly leases = new Map<number, TrackedLease>();
  private readonly uncertain: Array<{ member: string; specs: ReadonlyArray<Pick<LimitSpec, 'key'>>; at: number }> = [];
  private readonly unsettled: Array<{ lease: RedisLease; tokens: number; now: number; own: OwnAdmission }> = [];
  private readonly cooldowns = new Map<string, { until: number; reason: string }>();
  /** Slots put back into Redis for requests admitted here that have since finished: freed when Redis answers. */
  private readonly slotsToFree: Array<{ member: string; keys: readonly string[] }> = [];
  private readonly modeEmitter = new Emitter<LimitModeChange>();
  private readonly startedAt = performance.now();
  private current: 'shared' | 'local-fallback' = 'local-fallback';
  private announced = false;
  private announce!: () => void;
  private readonly decided = new Promise<void>((resolve) => (this.announce = resolve));
  private instances: number;
  private nextId = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = false;
  private disposed = false;
  private flushChain: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private lastError = '';
  /** Waiters for capacity held by other processes, woken together by the poll below. */
  private readonly freedWaiters: Array<() => void> = [];
  private freedTimer: ReturnType<typeof setTimeout> | undefined;
  private pollMs = MIN_POLL_MS;

  /** Fires when limits move between Redis and this process. */
  readonly onModeChange = this.modeEmitter.event;

  constructor(redis: Redis, options: FailoverLimitStoreOptions = {}) {
    this.redis = redis;
    this.clock = options.clock ?? new SystemClock();
    this.shared = new RedisLimitStore({ ...options, redis, timeScale: options.timeScale ?? this.clock.scale, onDataLoss: () => this.replayAll() });
    this.ledger = new UsageLedger(this.shared.instanceId);
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
    this.probeMs = options.probeMs ?? 1_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
    this.instances = Math.max(1, options.assumedInstances ?? 1);
    redis.on('error', (err: Error) => {
      this.lastError = err.message;
      if (!this.announced) this.schedule(0); // a refused connection need not wait for the connect timeout
    });
    redis.on('ready', () => {
      if (this.current !== 'shared') this.schedule(0); // back: probe now rather than at the next tick
    });
    this.schedule(0);
  }

  get mode(): LimitMode {
    return this.current;
  }

  /** Processes sharing the limits, as last counted by the heartbeat. */
  get processes(): number {
    return this.instances;
  }

  /** Resolves once the store knows whether Redis answers (at most `connectTimeoutMs` after creation). */
  async ready(): Promise<LimitMode> {
    await this.decided;
    return this.current;
  }

  /**
   * Wakes requests waiting for a slot that another process may have freed. Polling with
   * backoff, chosen over keyspace notifications (off by default, and a server setting that
   * managed Redis services often do not let one change) and pub/sub (a second connection
   * per window, and a message lost in a reconnect would strand a waiter until its deadline;
   * leases of crashed processes also free by expiring, which publishes nothing). Polling
   * needs nothing from the server and catches every kind of free: one timer for all
   * waiters, first after 25 ms, doubling to 500 ms while nothing is admitted, back to 25 ms
   * after an admission. Each waiter then re-plans: one admission round trip per look.
   */
  othersMayHaveFreed(): Promise<void> {
    if (this.current !== 'shared' || this.disposed) return new Promise(() => {}); // local limits: only this process frees
    return new Promise((resolve) => {
      this.freedWaiters.push(resolve);
      if (this.freedTimer) return;
      const delay = this.pollMs;
      this.pollMs = Math.min(MAX_POLL_MS, this.pollMs * 2);
      this.freedTimer = setTimeout(() => {
        this.freedTimer = undefined;
        for (const wake of this.freedWaiters.splice(0)) wake();
      }, delay);
      this.freedTimer.unref?.();
    });
  }

  async admit(specs: readonly LimitSpec[], tokens: number, now: number): Promise<Admission> {
    if (!this.announced) await this.decided;
    if (this.current === 'shared') {
      const member = this.shared.newMember();
      try {
        const a = await this.shared.admitAs(member, specs, tokens, now);
        if (!a.ok) return a;
        this.pollMs = MIN_POLL_MS;
        const shared = this.shared.lease(a.lease.id)!;
        return { ok: true, lease: this.track('shared', shared, this.local.record(specs, tokens, now), member, specs, now, tokens) };
      } catch (err) {
        this.uncertain.push({ member, specs, at: now });
        this.fallBack(err);
      }
    }
    const a = this.local.admit(this.shareOf(specs, tokens), tokens, now);
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
      if (l.slots.length > 0) this.freeSlot({ member: l.own.member, keys: l.slots });
      if (this.current === 'shared') this.flushSoon();
      return;
    }
    this.ledger.finish(l.own, actualTokens, true);
    if (this.current === 'shared') {
      try {
        if ((await this.shared.settle(l.shared!, actualTokens, now)) === 'lost') this.unsyncAndFlush(l.own);
        return;
      } catch (err) {
        this.fallBack(err);
      }
    }
    this.unsettled.push({ lease: l.shared!, tokens: actualTokens, now, own: l.own });
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
    if (this.current === 'shared') {
      try {
        await this.shared.refund(l.shared!, now);
        return;
      } catch (err) {
        this.fallBack(err);
      }
    }
    this.uncertain.push({ member: l.shared!.member, specs, at: l.own.at });
  }

  async setCooldown(key: string, untilMs: number, reason: string, now: number): Promise<void> {
    this.local.setCooldown(key, untilMs, reason, now);
    if (this.current === 'shared') {
      try {
        await this.shared.setCooldown(key, untilMs, reason, now);
        return;
      } catch (err) {
        this.fallBack(err);
      }
    }
    const pending = this.cooldowns.get(key);
    if (!pending || pending.until < untilMs) this.cooldowns.set(key, { until: untilMs, reason });
  }

  usage(key: string, now: number): LimitUsage {
    return this.current === 'shared' ? this.shared.usage(key, now) : this.local.usage(key, now);
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
    if (this.timer) clearTimeout(this.timer);
    if (this.freedTimer) clearTimeout(this.freedTimer);
    for (const wake of this.freedWaiters.splice(0)) wake();
    this.announce(); // nothing waits for a decision that will not come
    this.modeEmitter.dispose();
  }

  private track(backend: 'shared' | 'local', shared: RedisLease | undefined, local: Lease, member: string, specs: readonly LimitSpec[], now: number, tokens: number): TrackedLease {
    const own = this.ledger.add(member, specs.map((s) => s.key), now, tokens, backend === 'shared');
    const lease: TrackedLease = { id: this.nextId++, tokens, backend, shared, local, own, slots: specs.filter((s) => s.concurrency !== undefined).map((s) => s.key) };
    this.leases.set(lease.id, lease);
    return lease;
  }

  /** This process's conservative share of each limit; a request that fits the whole limit is never refused as too large. */
  private shareOf(specs: readonly LimitSpec[], tokens: number): LimitSpec[] {
    const n = this.instances;
    const count = (v: number | undefined) => (v === undefined ? undefined : Math.max(1, Math.floor(v / n)));
    const amount = (v: number | undefined) => (v === undefined ? undefined : Math.max(Math.floor(v / n), Math.min(tokens, v)));
    return specs.map((s) => ({ key: s.key, rpm: count(s.rpm), tpm: amount(s.tpm), concurrency: count(s.concurrency), tokensPerDay: amount(s.tokensPerDay) }));
  }

  private fallBack(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    if (this.current !== 'shared' && this.announced) return;
    this.current = 'local-fallback';
    const share = this.instances === 1 ? 'with the full limits (no other process was seen on Redis)' : `at a 1/${this.instances} share of each (${this.instances} processes were sharing them)`;
    this.emit('local-fallback', `Redis is unreachable (${this.lastError}): limits are held in this process, ${share}, until it answers again. No request fails because of it.`);
    this.schedule(this.probeMs);
  }

  private emit(mode: 'shared' | 'local-fallback', message: string): void {
    this.announced = true;
    this.announce();
    this.modeEmitter.fire({ mode, message });
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.busy) return this.schedule(this.probeMs);
    this.busy = true;
    this.ledger.prune(this.clock.now());
    try {
      if (this.current === 'shared') await this.heartbeat();
      else await this.recover();
    } finally {
      this.busy = false;
      this.schedule(this.current === 'shared' ? this.heartbeatMs : this.probeMs);
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      const now = this.clock.now();
      this.instances = await this.shared.heartbeat(this.heartbeatMs * 3);
      await this.drain(now);
      await this.shared.renew(now);
      await this.flush();
    } catch (err) {
      this.fallBack(err);
    }
  }

  /** Back to Redis: undo lost admissions, settle what finished, replay local use and the slots still held, then share again. */
  private async recover(): Promise<void> {
    try {
      if (this.redis.status !== 'ready') throw new Error(`the connection is ${this.redis.status}`);
      this.instances = await this.shared.heartbeat(this.heartbeatMs * 3);
      await this.drain(this.clock.now());
      await this.flush();
      await this.replaySlots();
      this.current = 'shared';
      this.emit('shared', `Limits are shared through Redis (${this.instances} ${this.instances === 1 ? 'process' : 'processes'}${this.announced ? '; Redis answers again' : ''}).`);
    } catch (err) {
      if (this.announced) return; // still on the local fallback; the next probe tries again
      const refused = this.lastError; // set by the client's error event
      if (refused || performance.now() - this.startedAt >= this.connectTimeoutMs) this.fallBack(refused ? new Error(refused) : err);
    }
  }

  /**
   * Catches Redis up on what happened while it did not answer, in order: undo admissions
   * whose replies were lost, settle leases that finished, set cooldowns that started.
   */
  private async drain(now: number): Promise<void> {
    while (this.uncertain.length > 0) {
      const u = this.uncertain[0]!;
      await this.shared.cancel(u.member, u.specs, u.at, now);
      this.uncertain.shift();
    }
    while (this.unsettled.length > 0) {
      const u = this.unsettled[0]!;
      if ((await this.shared.settle(u.lease, u.tokens, u.now)) === 'lost') this.ledger.settledLost(u.own);
      this.unsettled.shift();
    }
    for (const [key, c] of this.cooldowns) {
      await this.shared.setCooldown(key, c.until, c.reason, now);
      this.cooldowns.delete(key);
    }
    if (this.slotsToFree.length > 0) {
      const slots = this.slotsToFree.slice();
      await this.shared.releaseSlots(slots);
      this.slotsToFree.splice(0, slots.length);
    }
  }

  /**
   * Every request this process admitted and is still serving holds its concurrency slots in
   * Redis again: after an outage (admitted on the local share) or after Redis lost its data
   * (the in-flight sets went with it). Without this, other processes would see free slots
   * that are in use, and exceed maxConcurrent until these requests end.
   */
  private async replaySlots(): Promise<void> {
    const slots = [...this.leases.values()].filter((l) => l.slots.length > 0).map((l) => ({ member: l.shared?.member ?? l.own.member, keys: l.slots }));
    await this.shared.holdSlots(slots, this.clock.now());
  }

  /** Frees a replayed slot of a request that finished on the local backend (now, or once Redis answers). */
  private freeSlot(slot: { member: string; keys: readonly string[] }): void {
    if (this.current !== 'shared') {
      this.slotsToFree.push(slot);
      return;
    }
    this.shared.releaseSlots([slot]).catch((err: unknown) => {
      this.slotsToFree.push(slot);
      this.fallBack(err);
    });
  }

  /** Sends Redis everything it lacks, one batch per round trip; serialized. */
  private flush(): Promise<void> {
    const run = this.flushChain.then(async () => {
      for (let i = 0; i < 1_000; i++) {
        const now = this.clock.now();
        const batch = this.ledger.nextReplay(now);
        if (!batch) return;
        await this.shared.record(batch, now);
        this.ledger.confirm(batch);
      }
    });
    this.flushChain = run.catch(() => {});
    return run;
  }

  private flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      if (this.current === 'shared') this.flush().catch((err: unknown) => this.fallBack(err));
    });
  }

  private unsyncAndFlush(own: OwnAdmission): void {
    this.ledger.settledLost(own);
    this.flushSoon();
  }

  /** Redis lost its data: tell it everything this process used in the window and today. */
  private async replayAll(): Promise<void> {
    this.ledger.lost();
    await this.flush();
    await this.replaySlots();
  }
}
