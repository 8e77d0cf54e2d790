import { type ReplayBatch } from './redisStore';

const WINDOW_MS = 60_000;
const DAY_MS = 86_400_000;
/** Entries per replay batch (one Redis round trip each). */
const BATCH_ENTRIES = 500;

/** One admission this process made, on either backend. */
export interface OwnAdmission {
  readonly member: string;
  readonly keys: readonly string[];
  readonly at: number;
  readonly day: number;
  tokens: number;
  finished: boolean;
  /** Redis holds this admission's usage (under its current data). */
  synced: boolean;
  /** How many data losses had been noticed when it finished. */
  generation: number;
  /** Tokens Redis was told for this admission while it was still running (its reservation), under Redis's current data. */
  replayed?: number;
}

type DayTotals = Map<string, { day: number; tokens: number }>;

function addTo(totals: DayTotals, key: string, day: number, tokens: number): void {
  const t = totals.get(key);
  if (t && t.day === day) t.tokens += tokens;
  else if (!t || t.day < day) totals.set(key, { day, tokens });
}

/**
 * This process's own recent use, kept so Redis can be told what it missed: admissions made
 * in-process while Redis was unreachable, and (when Redis restarted without its data)
 * everything this process admitted in the current window and today. Holds one window of
 * admissions plus per-key day totals, so it stays as small as the limits it mirrors.
 */
export class UsageLedger {
  private readonly entries = new Set<OwnAdmission>();
  /** Today's tokens Redis lacks, from admissions no longer kept one by one. */
  private readonly pendingDay: DayTotals = new Map();
  /** Today's tokens Redis has, from admissions no longer kept one by one (replayed if Redis loses its data). */
  private readonly syncedDay: DayTotals = new Map();
  private sent: ReplayBatch | undefined;
  private nextBatch = 1;
  private generation = 0;

  constructor(private readonly instanceId: string) {}

  add(member: string, keys: readonly string[], at: number, tokens: number, synced: boolean): OwnAdmission {
    const e: OwnAdmission = { member, keys, at, day: Math.floor(at / DAY_MS), tokens, finished: false, synced, generation: this.generation };
    this.entries.add(e);
    return e;
  }

  finish(e: OwnAdmission, tokens: number, synced: boolean): void {
    e.tokens = tokens;
    e.finished = true;
    e.synced = synced;
    e.generation = this.generation;
  }

  /** An admission given back unused (refunded): there is nothing to replay. */
  drop(e: OwnAdmission): void {
    this.entries.delete(e);
  }

  /**
   * Settling found Redis had lost this admission: replay it, unless `lost` already did
   * (it replays every admission that had finished when the loss was noticed).
   */
  settledLost(e: OwnAdmission): void {
    if (e.generation === this.generation) e.synced = false;
  }

  /**
   * Redis lost its data: everything this process used in the window and today must be
   * replayed, including admissions still running (their requests count in the window and
   * their reservations in the day until they settle).
   */
  lost(): void {
    this.generation++;
    this.sent = undefined;
    for (const e of this.entries) {
      e.synced = false;
      e.replayed = undefined;
    }
    for (const [key, t] of this.syncedDay) addTo(this.pendingDay, key, t.day, t.tokens);
    this.syncedDay.clear();
  }

  /** Whether anything is waiting to be replayed. */
  get dirty(): boolean {
    if (this.sent || this.pendingDay.size > 0) return true;
    for (const e of this.entries) if (!e.synced) return true;
    return false;
  }

  /**
   * The next batch Redis should apply, or undefined when it knows everything. The same batch
   * comes back until `confirm`ed, so a reply lost to a timeout is never applied twice.
   */
  nextReplay(now: number): ReplayBatch | undefined {
    if (this.sent) return this.sent;
    const today = Math.floor(now / DAY_MS);
    const cutoff = now - WINDOW_MS;
    const byKey = new Map<string, { key: string; dayDelta: number; entries: Array<{ member: string; at: number; tokens: number; was?: number }> }>();
    const slot = (key: string) => {
      let k = byKey.get(key);
      if (!k) byKey.set(key, (k = { key, dayDelta: 0, entries: [] }));
      return k;
    };
    let count = 0;
    for (const e of this.entries) {
      if (e.synced) continue;
      if (count++ >= BATCH_ENTRIES) break;
      e.synced = true; // optimistic: `lost` undoes it if the batch never lands
      // A running admission is told with its reservation; once it finishes, only the difference
      // (its window entries are already there: Redis adds a member once).
      const was = e.replayed;
      const day = e.tokens - (was ?? 0);
      e.replayed = e.finished ? undefined : e.tokens;
      for (const key of e.keys) {
        const k = slot(key);
        if (e.at > cutoff) k.entries.push({ member: e.member, at: e.at, tokens: e.tokens, ...(was === undefined ? {} : { was }) });
        if (e.day === today) k.dayDelta += day;
      }
    }
    for (const [key, t] of this.pendingDay) {
      if (t.day === today) {
        slot(key).dayDelta += t.tokens;
        addTo(this.syncedDay, key, t.day, t.tokens);
      }
    }
    this.pendingDay.clear();
    const keys = [...byKey.values()].filter((k) => k.dayDelta !== 0 || k.entries.length > 0);
    if (keys.length === 0) return undefined;
    this.sent = { id: `${this.instanceId}.${this.nextBatch++}`, keys };
    return this.sent;
  }

  confirm(batch: ReplayBatch): void {
    if (this.sent === batch) this.sent = undefined;
  }

  /** Folds admissions that left the window into day totals; forgets past days. */
  prune(now: number): void {
    const cutoff = now - WINDOW_MS;
    const today = Math.floor(now / DAY_MS);
    for (const e of this.entries) {
      if (!e.finished || e.at > cutoff) continue;
      this.entries.delete(e);
      if (e.day !== today) continue;
      for (const key of e.keys) addTo(e.synced ? this.syncedDay : this.pendingDay, key, e.day, e.tokens);
    }
    for (const totals of [this.pendingDay, this.syncedDay]) {
      for (const [key, t] of totals) if (t.day !== today) totals.delete(key);
    }
  }

  /** Admissions kept one by one (for tests and leak checks). */
  get size(): number {
    return this.entries.size;
  }
}
