import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';
import { ADMIT, CANCEL, COOLDOWN, FINISH, HEARTBEAT, KeySpace, LEARNT, learntKey, parseLearnt, RECORD, type RedisScript, type ReplayBatch, RESTAMP, SCRIPTS, USAGE } from './redis';
import { type Admission, type LearntLimit, type Lease, type LimitMode, type LimitSpec, type LimitStore, type LimitUsage } from './types';

export const DEFAULT_KEY_PREFIX = 'rllm:';
const WINDOW_MS = 60_000;
const DAY_MS = 86_400_000;
/** Keys live this much (real time) beyond their window. */
const TTL_MARGIN_MS = 10_000;
const DAY_TTL_MARGIN_MS = 3_600_000;
/** The epoch outlives every other key, so a missing epoch means Redis lost its data. */
const EPOCH_TTL_MS = 2 * DAY_MS;
const REPLAY_MARKER_TTL_MS = DAY_MS + DAY_TTL_MARGIN_MS;
/** A pool's learnt limit outlives its last change by this much real time (then the quota holds again). */
const LEARNT_TTL_MS = 30 * 60_000;
const ZERO: LimitUsage = { rpm: 0, tpm: 0, inFlight: 0, tokensToday: 0 };

type ScriptFn = (numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;

export interface RedisLimitStoreOptions {
  /** An ioredis client; the caller owns it (connects and quits it). */
  redis: Redis;
  /** Namespace of every key, so several teams or setups can share one Redis. Default `rllm:`. */
  keyPrefix?: string;
  /**
   * Real time a lease keeps its concurrency slot and reservation if its process vanishes
   * without finishing it (a crashed window). `renew` extends the leases of a live process. Default 2 min.
   */
  leaseTtlMs?: number;
  /** The router clock's `scale` (simulated ms per real ms), so clock-time expiries cover real-time TTLs. Default 1. */
  timeScale?: number;
  /** Real time a cached usage answer is served before it is refreshed in the background. Default 1 s. */
  usageMaxAgeMs?: number;
  /**
   * Called when Redis turns out to have lost its data (restarted without persistence):
   * the caller replays what it knows before admissions go on. Awaited once per loss.
   */
  onDataLoss?: () => Promise<void>;
}

export interface RedisLease extends Lease {
  readonly member: string;
  readonly specs: ReadonlyArray<{ key: string; concurrency: boolean }>;
  readonly day: number;
  readonly epoch: string;
}

export { type ReplayBatch };

export type SettleResult = 'settled' | 'gone' | 'lost';

/**
 * Limits shared by every process that uses the same Redis (and key prefix): each admission
 * checks and reserves all its specs atomically in one round trip (a Lua script), with the
 * same semantics as `MemoryLimitStore`, so there is no over-admission across processes.
 * Every call may reject when Redis is unreachable; `FailoverLimitStore` turns that into
 * in-process limits.
 */
export class RedisLimitStore implements LimitStore {
  readonly mode: LimitMode = 'shared';
  readonly prefix: string;
  /** This process, in heartbeats and admission ids. */
  readonly instanceId = randomUUID().slice(0, 13);
  private readonly redis: Redis;
  private readonly keys: KeySpace;
  private readonly leaseTtlMs: number;
  private readonly timeScale: number;
  private readonly usageMaxAgeMs: number;
  private readonly onDataLoss: (() => Promise<void>) | undefined;
  private readonly leases = new Map<number, RedisLease>();
  private readonly cache = new Map<string, { usage: LimitUsage; at: number }>();
  private readonly refreshing = new Set<string>();
  private readonly learntCache = new Map<string, { value: LearntLimit | undefined; at: number }>();
  private readonly learntRefreshing = new Set<string>();
  private nextId = 1;
  private nextMember = 1;
  private epoch: string | undefined;
  private dataLoss: Promise<void> | undefined;

  constructor(options: RedisLimitStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.leaseTtlMs = options.leaseTtlMs ?? 120_000;
    this.timeScale = options.timeScale ?? 1;
    this.usageMaxAgeMs = options.usageMaxAgeMs ?? 1_000;
    this.onDataLoss = options.onDataLoss;
    this.keys = new KeySpace(this.prefix);
    for (const { name, lua } of SCRIPTS) {
      if (!(name in this.redis)) this.redis.defineCommand(name, { lua });
    }
  }

  /** A member id unique across processes: one per admission. */
  newMember(): string {
    return `${this.instanceId}.${(this.nextMember++).toString(36)}`;
  }

  admit(specs: readonly LimitSpec[], tokens: number, now: number): Promise<Admission> {
    return this.admitAs(this.newMember(), specs, tokens, now);
  }

  /** `admit` under a member id the caller chose, so it can `cancel` an admission whose reply was lost. */
  async admitAs(member: string, specs: readonly LimitSpec[], tokens: number, now: number): Promise<Admission> {
    const day = Math.floor(now / DAY_MS);
    const dayEnd = (day + 1) * DAY_MS;
    for (let attempt = 0; ; attempt++) {
      // After Redis lost its data, the first attempt learns it, the caller replays, the second goes through.
      const expectedEpoch = attempt < 2 ? (this.epoch ?? '') : '';
      const args = { now, tokens, member, inflightExpiry: now + this.leaseTtlMs * this.timeScale, leasePx: this.leaseTtlMs + TTL_MARGIN_MS, expectedEpoch, candidateEpoch: randomUUID(), dayEnd, windowPx: this.windowPx(), dayPx: this.realMs(dayEnd - now) + DAY_TTL_MARGIN_MS, epochPx: EPOCH_TTL_MS };
      const reply = await this.run(ADMIT, { keys: this.keys, specs, day, args });
      if (reply.kind === 'epoch') {
        await this.noticeEpoch(reply.epoch);
        continue;
      }
      if (reply.kind === 'deny') {
        return { ok: false, key: specs[reply.spec]!.key, limit: reply.limit, used: reply.used, max: reply.max, retryAfterMs: reply.retryAfterMs, tooLarge: reply.tooLarge, ...(reply.limit === 'cooldown' ? { reason: reply.reason } : {}) };
      }
      await this.noticeEpoch(reply.epoch);
      this.cacheUsage(specs.map((s) => s.key), reply.usage);
      const lease: RedisLease = { id: this.nextId++, tokens, member, specs: specs.map((s) => ({ key: s.key, concurrency: s.concurrency !== undefined })), day, epoch: reply.epoch };
      this.leases.set(lease.id, lease);
      return { ok: true, lease };
    }
  }

  async finish(lease: Lease, actualTokens: number, now: number): Promise<void> {
    const l = this.leases.get(lease.id);
    if (l) await this.settle(l, actualTokens, now);
  }

  /** Undoes an unused admission in Redis (request, tokens, day count, slot). */
  async refund(lease: Lease, now: number): Promise<void> {
    const l = this.leases.get(lease.id);
    if (!l) return;
    this.leases.delete(lease.id);
    await this.cancel(l.member, l.specs, l.day * DAY_MS, now);
  }

  /** Moves a lease's window entries to the acceptance time, in the background (see `restampShared`). */
  restamp(lease: Lease, now: number): void {
    const l = this.leases.get(lease.id);
    if (l) void this.restampShared(l, now).catch(() => {});
  }

  /**
   * Moves a lease's request and token entries to `now` in Redis, so every process's window
   * frees the slot when the service's does. True if moved; false if the lease was settled.
   * If the call fails the entries keep their admission time, as a store without restamping would.
   */
  async restampShared(lease: RedisLease, now: number): Promise<boolean> {
    return this.run(RESTAMP, { keys: this.keys, specs: lease.specs, day: lease.day, now, member: lease.member, windowPx: this.windowPx() });
  }

  /**
   * Settles a lease: 'settled', or 'gone' (settled before, or expired), or 'lost' (Redis lost
   * its data since the admission, so the caller should replay this usage).
   */
  async settle(lease: RedisLease, actualTokens: number, now: number): Promise<SettleResult> {
    const args = { now, actualTokens, member: lease.member, leaseEpoch: lease.epoch, windowPx: this.windowPx(), candidateEpoch: randomUUID(), epochPx: EPOCH_TTL_MS };
    const reply = await this.run(FINISH, { keys: this.keys, specs: lease.specs, day: lease.day, args });
    this.leases.delete(lease.id);
    if (reply.kind === 'lost') await this.noticeEpoch(reply.epoch);
    if (reply.kind !== 'ok') return reply.kind;
    this.cacheUsage(lease.specs.map((s) => s.key), reply.usage);
    return 'settled';
  }

  /** Undoes an admission whose reply was lost (a timeout), if it happened at all. Idempotent. */
  async cancel(member: string, specs: ReadonlyArray<Pick<LimitSpec, 'key'>>, admittedAt: number, now: number): Promise<boolean> {
    return this.run(CANCEL, { keys: this.keys, specs, day: Math.floor(admittedAt / DAY_MS), now, member, windowPx: this.windowPx() });
  }

  /** Adds usage Redis does not know about; applied at most once per batch id. */
  async record(batch: ReplayBatch, now: number): Promise<void> {
    const day = Math.floor(now / DAY_MS);
    await this.run(RECORD, { keys: this.keys, batch, day, now, markerPx: REPLAY_MARKER_TTL_MS, windowPx: this.windowPx(), dayPx: this.realMs((day + 1) * DAY_MS - now) + DAY_TTL_MARGIN_MS });
  }

  async setCooldown(key: string, untilMs: number, reason: string, now: number): Promise<void> {
    if (untilMs <= now) return;
    await this.run(COOLDOWN, { keys: this.keys, key, until: untilMs, reason, px: Math.ceil(this.realMs(untilMs - now)) + TTL_MARGIN_MS });
  }

  /**
   * Puts admissions that hold concurrency slots back into the in-flight sets, after Redis
   * lost its data or while it was unreachable (requests admitted here and still running).
   * Idempotent (ZADD NX); each slot expires like a lease's unless renewed or freed.
   */
  async holdSlots(slots: ReadonlyArray<{ member: string; keys: readonly string[] }>, now: number): Promise<void> {
    if (slots.length === 0) return;
    const p = this.redis.pipeline();
    for (const s of slots) {
      for (const key of s.keys) {
        p.zadd(this.keys.inflight(key), 'NX', now + this.leaseTtlMs * this.timeScale, s.member);
        p.pexpire(this.keys.inflight(key), this.leaseTtlMs + TTL_MARGIN_MS);
      }
    }
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0]!;
  }

  /** Frees slots `holdSlots` put back, for requests that finished on the in-process limits. */
  async releaseSlots(slots: ReadonlyArray<{ member: string; keys: readonly string[] }>): Promise<void> {
    if (slots.length === 0) return;
    const p = this.redis.pipeline();
    for (const s of slots) for (const key of s.keys) p.zrem(this.keys.inflight(key), s.member);
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0]!;
  }

  /** Marks this process alive; returns how many processes were seen within `ttlMs` (real time). */
  async heartbeat(ttlMs: number): Promise<number> {
    const reply = await this.run(HEARTBEAT, { keys: this.keys, instance: this.instanceId, ttlMs, candidateEpoch: randomUUID(), epochPx: EPOCH_TTL_MS });
    await this.noticeEpoch(reply.epoch);
    return reply.instances;
  }

  /** Extends the outstanding leases of this (live) process, so long requests keep their slots. */
  async renew(now: number): Promise<void> {
    if (this.leases.size === 0) return;
    const p = this.redis.pipeline();
    for (const l of this.leases.values()) {
      p.pexpire(this.keys.lease(l.member), this.leaseTtlMs + TTL_MARGIN_MS);
      for (const s of l.specs) {
        if (!s.concurrency) continue;
        p.zadd(this.keys.inflight(s.key), 'XX', now + this.leaseTtlMs * this.timeScale, l.member);
        p.pexpire(this.keys.inflight(s.key), this.leaseTtlMs + TTL_MARGIN_MS);
      }
    }
    await p.exec();
  }

  usage(key: string, now: number): LimitUsage {
    const cached = this.cache.get(key);
    if (!cached || performance.now() - cached.at > this.usageMaxAgeMs) this.refreshInBackground(key, now);
    return cached?.usage ?? ZERO;
  }

  /**
   * A pool's learnt limit as Redis last said (every process learning the pool shares one key,
   * `<prefix><pool key>:learnt`), refreshed in the background like `usage`.
   */
  learnt(key: string): LearntLimit | undefined {
    const cached = this.learntCache.get(key);
    if (!cached || performance.now() - cached.at > this.usageMaxAgeMs) this.refreshLearntInBackground(key);
    return cached?.value;
  }

  /** Keeps a learnt limit in Redis unless a newer one is there. */
  async setLearnt(key: string, value: LearntLimit): Promise<void> {
    const set = await this.run(LEARNT, { keys: this.keys, key, value, px: LEARNT_TTL_MS });
    if (set) this.learntCache.set(key, { value, at: performance.now() });
    else await this.refreshLearnt(key);
  }

  /** Reads a pool's learnt limit from Redis into the cache `learnt` answers from. */
  async refreshLearnt(key: string): Promise<void> {
    const raw = await this.redis.get(learntKey(this.keys, key));
    this.learntCache.set(key, { value: parseLearnt(raw), at: performance.now() });
  }

  private refreshLearntInBackground(key: string): void {
    if (this.learntRefreshing.has(key)) return;
    this.learntRefreshing.add(key);
    this.refreshLearnt(key)
      .catch(() => {})
      .finally(() => this.learntRefreshing.delete(key));
  }

  /** Reads current use under some keys from Redis into the cache `usage` answers from. */
  async refreshUsage(keys: readonly string[], now: number): Promise<void> {
    if (keys.length === 0) return;
    const reply = await this.run(USAGE, { keys: this.keys, limitKeys: keys, day: Math.floor(now / DAY_MS), now });
    this.cacheUsage(keys, reply);
  }

  clear(): void {
    this.cache.clear();
    this.learntCache.clear();
  }

  get outstanding(): number {
    return this.leases.size;
  }

  /** Leases admitted here and not yet settled (for a caller that must settle them elsewhere). */
  lease(id: number): RedisLease | undefined {
    return this.leases.get(id);
  }

  private refreshInBackground(key: string, now: number): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    this.refreshUsage([key], now)
      .catch(() => {})
      .finally(() => this.refreshing.delete(key));
  }

  private cacheUsage(keys: readonly string[], usage: readonly LimitUsage[]): void {
    const at = performance.now();
    keys.forEach((key, i) => {
      const u = usage[i];
      if (u) this.cache.set(key, { usage: u, at });
    });
  }

  private async noticeEpoch(epoch: string): Promise<void> {
    if (this.epoch === undefined || this.epoch === epoch) {
      this.epoch = epoch;
      await this.dataLoss;
      return;
    }
    this.epoch = epoch;
    const hook = this.onDataLoss;
    if (!hook) return;
    const run = hook().finally(() => {
      if (this.dataLoss === run) this.dataLoss = undefined;
    });
    this.dataLoss = run;
    await run;
  }

  /** Real-time TTL that covers `ms` of clock time (longer when the clock runs slower than real time). */
  private realMs(ms: number): number {
    return Math.ceil(ms / Math.min(1, this.timeScale));
  }

  /** The real-time TTL of window keys. */
  private windowPx(): number {
    return this.realMs(WINDOW_MS) + TTL_MARGIN_MS;
  }

  /** Runs a script (defined on the client in the constructor): encodes its input, decodes its reply. */
  private async run<In, Out>(script: RedisScript<In, Out>, input: In): Promise<Out> {
    const fn = (this.redis as unknown as Record<string, ScriptFn>)[script.name]!;
    const { keys, args } = script.encode(input);
    return script.decode(await fn.call(this.redis, keys.length, ...keys, ...args));
  }
}
