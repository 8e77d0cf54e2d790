import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';
import { ADMIT, CANCEL, COOLDOWN, FINISH, HEARTBEAT, RECORD, RESTAMP, USAGE } from './redisScripts';
import { type Admission, type DenialKind, type Lease, type LimitMode, type LimitSpec, type LimitStore, type LimitUsage } from './types';

export const DEFAULT_KEY_PREFIX = 'rllm:';
const WINDOW_MS = 60_000;
const DAY_MS = 86_400_000;
/** Keys live this much (real time) beyond their window. */
const TTL_MARGIN_MS = 10_000;
const DAY_TTL_MARGIN_MS = 3_600_000;
/** The epoch outlives every other key, so a missing epoch means Redis lost its data. */
const EPOCH_TTL_MS = 2 * DAY_MS;
const REPLAY_MARKER_TTL_MS = DAY_MS + DAY_TTL_MARGIN_MS;
const ZERO: LimitUsage = { rpm: 0, tpm: 0, inFlight: 0, tokensToday: 0 };

const SCRIPTS = { rllmAdmit: ADMIT, rllmFinish: FINISH, rllmRestamp: RESTAMP, rllmCancel: CANCEL, rllmRecord: RECORD, rllmCooldown: COOLDOWN, rllmHeartbeat: HEARTBEAT, rllmUsage: USAGE } as const;
type ScriptName = keyof typeof SCRIPTS;
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

/** Usage to add to Redis: per limit key, window entries and tokens for today. */
export interface ReplayBatch {
  readonly id: string;
  /** `was`: the tokens an earlier batch told for this member while it was running (its reservation), now replaced by `tokens`. */
  readonly keys: ReadonlyArray<{ key: string; dayDelta: number; entries: ReadonlyArray<{ member: string; at: number; tokens: number; was?: number }> }>;
}

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
  private readonly leaseTtlMs: number;
  private readonly timeScale: number;
  private readonly usageMaxAgeMs: number;
  private readonly onDataLoss: (() => Promise<void>) | undefined;
  private readonly leases = new Map<number, RedisLease>();
  private readonly cache = new Map<string, { usage: LimitUsage; at: number }>();
  private readonly refreshing = new Set<string>();
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
    for (const [name, lua] of Object.entries(SCRIPTS)) {
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
    const keys = specs.flatMap((s) => this.specKeys(s.key, day));
    keys.push(this.leaseKey(member), this.key('epoch'));
    const limits = specs.flatMap((s) => [s.rpm, s.tpm, s.concurrency, s.tokensPerDay].map((v) => (v === undefined ? '' : String(v))));
    for (let attempt = 0; ; attempt++) {
      // After Redis lost its data, the first attempt learns it, the caller replays, the second goes through.
      const expected = attempt < 2 ? (this.epoch ?? '') : '';
      const args = [now, tokens, member, now + this.leaseTtlMs * this.timeScale, this.leaseTtlMs + TTL_MARGIN_MS, expected, randomUUID(), dayEnd, this.realMs(WINDOW_MS) + TTL_MARGIN_MS, this.realMs(dayEnd - now) + DAY_TTL_MARGIN_MS, EPOCH_TTL_MS, specs.length];
      const reply = (await this.run('rllmAdmit', keys, [...args.map(String), ...limits])) as string[];
      if (reply[0] === 'epoch') {
        await this.noticeEpoch(reply[1]!);
        continue;
      }
      if (reply[0] === 'deny') {
        const i = Number(reply[1]) - 1;
        const retry = reply[5]!;
        return { ok: false, key: specs[i]!.key, limit: reply[2] as DenialKind, used: Number(reply[3]), max: Number(reply[4]), retryAfterMs: retry === '' ? undefined : Number(retry), tooLarge: reply[6] === '1', ...(reply[2] === 'cooldown' ? { reason: reply[7] } : {}) };
      }
      await this.noticeEpoch(reply[1]!);
      this.cacheUsage(specs.map((s) => s.key), reply, 2);
      const lease: RedisLease = { id: this.nextId++, tokens, member, specs: specs.map((s) => ({ key: s.key, concurrency: s.concurrency !== undefined })), day, epoch: reply[1]! };
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
    const keys = lease.specs.flatMap((s) => this.specKeys(s.key, lease.day).slice(0, 3));
    keys.push(this.leaseKey(lease.member));
    return (await this.run('rllmRestamp', keys, [now, lease.member, this.realMs(WINDOW_MS) + TTL_MARGIN_MS, lease.specs.length].map(String))) === 1;
  }

  /**
   * Settles a lease: 'settled', or 'gone' (settled before, or expired), or 'lost' (Redis lost
   * its data since the admission, so the caller should replay this usage).
   */
  async settle(lease: RedisLease, actualTokens: number, now: number): Promise<SettleResult> {
    const keys = lease.specs.flatMap((s) => this.specKeys(s.key, lease.day));
    keys.push(this.leaseKey(lease.member), this.key('epoch'));
    const args = [now, actualTokens, lease.member, lease.epoch, this.realMs(WINDOW_MS) + TTL_MARGIN_MS, lease.specs.length, randomUUID(), EPOCH_TTL_MS].map(String);
    const reply = (await this.run('rllmFinish', keys, [...args, ...lease.specs.map((s) => (s.concurrency ? '1' : '0'))])) as string[];
    this.leases.delete(lease.id);
    if (reply[0] === 'lost') await this.noticeEpoch(reply[1]!);
    if (reply[0] !== 'ok') return reply[0] as 'gone' | 'lost';
    this.cacheUsage(lease.specs.map((s) => s.key), reply, 1);
    return 'settled';
  }

  /** Undoes an admission whose reply was lost (a timeout), if it happened at all. Idempotent. */
  async cancel(member: string, specs: ReadonlyArray<Pick<LimitSpec, 'key'>>, admittedAt: number, now: number): Promise<boolean> {
    const keys = specs.flatMap((s) => this.specKeys(s.key, Math.floor(admittedAt / DAY_MS)));
    keys.push(this.leaseKey(member));
    const reply = await this.run('rllmCancel', keys, [now, member, this.realMs(WINDOW_MS) + TTL_MARGIN_MS, specs.length].map(String));
    return reply === 1;
  }

  /** Adds usage Redis does not know about; applied at most once per batch id. */
  async record(batch: ReplayBatch, now: number): Promise<void> {
    const day = Math.floor(now / DAY_MS);
    const keys = [this.key(`replay:${batch.id}`)];
    const args = [now, REPLAY_MARKER_TTL_MS, this.realMs(WINDOW_MS) + TTL_MARGIN_MS, this.realMs((day + 1) * DAY_MS - now) + DAY_TTL_MARGIN_MS, batch.keys.length].map(String);
    for (const k of batch.keys) {
      keys.push(this.key(`${k.key}:req`), this.key(`${k.key}:tok`), this.key(`${k.key}:toktotal`), this.key(`${k.key}:day:${day}`));
      args.push(String(k.dayDelta), String(k.entries.length));
      for (const e of k.entries) args.push(e.member, String(e.at), String(e.tokens), e.was === undefined ? '' : String(e.was));
    }
    await this.run('rllmRecord', keys, args);
  }

  async setCooldown(key: string, untilMs: number, reason: string, now: number): Promise<void> {
    if (untilMs <= now) return;
    await this.run('rllmCooldown', [this.key(`${key}:cooldown`)], [String(untilMs), reason, String(Math.ceil(this.realMs(untilMs - now)) + TTL_MARGIN_MS)]);
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
        p.zadd(this.key(`${key}:inflight`), 'NX', now + this.leaseTtlMs * this.timeScale, s.member);
        p.pexpire(this.key(`${key}:inflight`), this.leaseTtlMs + TTL_MARGIN_MS);
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
    for (const s of slots) for (const key of s.keys) p.zrem(this.key(`${key}:inflight`), s.member);
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0]!;
  }

  /** Marks this process alive; returns how many processes were seen within `ttlMs` (real time). */
  async heartbeat(ttlMs: number): Promise<number> {
    const reply = (await this.run('rllmHeartbeat', [this.key('instances'), this.key('epoch')], [this.instanceId, String(ttlMs), randomUUID(), String(EPOCH_TTL_MS)])) as string[];
    await this.noticeEpoch(reply[1]!);
    return Number(reply[0]);
  }

  /** Extends the outstanding leases of this (live) process, so long requests keep their slots. */
  async renew(now: number): Promise<void> {
    if (this.leases.size === 0) return;
    const p = this.redis.pipeline();
    for (const l of this.leases.values()) {
      p.pexpire(this.leaseKey(l.member), this.leaseTtlMs + TTL_MARGIN_MS);
      for (const s of l.specs) {
        if (!s.concurrency) continue;
        p.zadd(this.key(`${s.key}:inflight`), 'XX', now + this.leaseTtlMs * this.timeScale, l.member);
        p.pexpire(this.key(`${s.key}:inflight`), this.leaseTtlMs + TTL_MARGIN_MS);
      }
    }
    await p.exec();
  }

  usage(key: string, now: number): LimitUsage {
    const cached = this.cache.get(key);
    if (!cached || performance.now() - cached.at > this.usageMaxAgeMs) this.refreshInBackground(key, now);
    return cached?.usage ?? ZERO;
  }

  /** Reads current use under some keys from Redis into the cache `usage` answers from. */
  async refreshUsage(keys: readonly string[], now: number): Promise<void> {
    if (keys.length === 0) return;
    const day = Math.floor(now / DAY_MS);
    const redisKeys = keys.flatMap((k) => this.specKeys(k, day).slice(0, 5));
    const reply = (await this.run('rllmUsage', redisKeys, [String(now)])) as string[];
    this.cacheUsage(keys, reply, 0);
  }

  clear(): void {
    this.cache.clear();
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

  private cacheUsage(keys: readonly string[], reply: readonly string[], offset: number): void {
    const at = performance.now();
    keys.forEach((key, i) => {
      const b = offset + i * 4;
      this.cache.set(key, { usage: { rpm: Number(reply[b]), tpm: Number(reply[b + 1]), inFlight: Number(reply[b + 2]), tokensToday: Number(reply[b + 3]) }, at });
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

  private key(suffix: string): string {
    return `${this.prefix}${suffix}`;
  }

  private leaseKey(member: string): string {
    return this.key(`lease:${member}`);
  }

  private specKeys(key: string, day: number): string[] {
    return ['req', 'tok', 'toktotal', 'inflight', `day:${day}`, 'cooldown'].map((part) => this.key(`${key}:${part}`));
  }

  private run(name: ScriptName, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const fn = (this.redis as unknown as Record<ScriptName, ScriptFn>)[name];
    return fn.call(this.redis, keys.length, ...keys, ...args);
  }
}
