import { type Clock } from '../../core/clock';
import { type RedisLease, type RedisLimitStore } from './redisStore';
import { type LimitSpec } from './types';
import { type OwnAdmission, type UsageLedger } from './usageLedger';

/** A request's concurrency slots in Redis: its member under each key. */
export interface HeldSlot {
  readonly member: string;
  readonly keys: readonly string[];
}

export interface ReconcilerOptions {
  shared: RedisLimitStore;
  ledger: UsageLedger;
  clock: Clock;
  /** Whether the limits are shared (Redis answers) right now. */
  isShared: () => boolean;
  /** Redis failed: the limits move to this process. */
  fallBack: (err: unknown) => void;
  /** The slots of every request this process admitted and is still serving. */
  heldSlots: () => HeldSlot[];
}

/**
 * What Redis has to learn from this process when it answers again or after it lost its
 * data: admissions whose replies were lost (to undo), leases that finished meanwhile (to
 * settle), cooldowns that started, slots to free, and the usage admitted locally (flushed
 * from the ledger, one batch per round trip, serialized).
 */
export class Reconciler {
  private readonly uncertain: Array<{ member: string; specs: ReadonlyArray<Pick<LimitSpec, 'key'>>; at: number }> = [];
  private readonly unsettled: Array<{ lease: RedisLease; tokens: number; now: number; own: OwnAdmission }> = [];
  private readonly cooldowns = new Map<string, { until: number; reason: string }>();
  /** Slots put back into Redis for requests admitted here that have since finished: freed when Redis answers. */
  private readonly slotsToFree: HeldSlot[] = [];
  private flushChain: Promise<void> = Promise.resolve();
  private flushQueued = false;

  constructor(private readonly o: ReconcilerOptions) {}

  /** An admission whose reply was lost, or a refund Redis did not take: undone once Redis answers. */
  undoLater(member: string, specs: ReadonlyArray<Pick<LimitSpec, 'key'>>, at: number): void {
    this.uncertain.push({ member, specs, at });
  }

  /** A Redis lease that finished while Redis did not answer: settled once it does. */
  settleLater(lease: RedisLease, tokens: number, now: number, own: OwnAdmission): void {
    this.unsettled.push({ lease, tokens, now, own });
  }

  /** A cooldown Redis did not take: set once it answers (the latest per key). */
  cooldownLater(key: string, until: number, reason: string): void {
    const pending = this.cooldowns.get(key);
    if (!pending || pending.until < until) this.cooldowns.set(key, { until, reason });
  }

  /**
   * Catches Redis up on what happened while it did not answer, in order: undo admissions
   * whose replies were lost, settle leases that finished, set cooldowns that started.
   */
  async drain(now: number): Promise<void> {
    const { shared, ledger } = this.o;
    while (this.uncertain.length > 0) {
      const u = this.uncertain[0]!;
      await shared.cancel(u.member, u.specs, u.at, now);
      this.uncertain.shift();
    }
    while (this.unsettled.length > 0) {
      const u = this.unsettled[0]!;
      if ((await shared.settle(u.lease, u.tokens, u.now)) === 'lost') ledger.settledLost(u.own);
      this.unsettled.shift();
    }
    for (const [key, c] of this.cooldowns) {
      await shared.setCooldown(key, c.until, c.reason, now);
      this.cooldowns.delete(key);
    }
    if (this.slotsToFree.length > 0) {
      const slots = this.slotsToFree.slice();
      await shared.releaseSlots(slots);
      this.slotsToFree.splice(0, slots.length);
    }
  }

  /**
   * Every request this process admitted and is still serving holds its concurrency slots in
   * Redis again: after an outage (admitted on the local share) or after Redis lost its data
   * (the in-flight sets went with it). Without this, other processes would see free slots
   * that are in use, and exceed maxConcurrent until these requests end.
   */
  async replaySlots(): Promise<void> {
    await this.o.shared.holdSlots(this.o.heldSlots(), this.o.clock.now());
  }

  /** Frees a replayed slot of a request that finished on the local backend (now, or once Redis answers). */
  freeSlot(slot: HeldSlot): void {
    if (!this.o.isShared()) {
      this.slotsToFree.push(slot);
      return;
    }
    this.o.shared.releaseSlots([slot]).catch((err: unknown) => {
      this.slotsToFree.push(slot);
      this.o.fallBack(err);
    });
  }

  /** Sends Redis everything it lacks, one batch per round trip; serialized. */
  flush(): Promise<void> {
    const { shared, ledger, clock } = this.o;
    const run = this.flushChain.then(async () => {
      for (let i = 0; i < 1_000; i++) {
        const now = clock.now();
        const batch = ledger.nextReplay(now);
        if (!batch) return;
        await shared.record(batch, now);
        ledger.confirm(batch);
      }
    });
    this.flushChain = run.catch(() => {});
    return run;
  }

  /** A flush on the next turn of the event loop, once however often it is asked for meanwhile. */
  flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      if (this.o.isShared()) this.flush().catch((err: unknown) => this.o.fallBack(err));
    });
  }

  /** A lease settled after Redis lost its data: its usage is replayed. */
  unsyncAndFlush(own: OwnAdmission): void {
    this.o.ledger.settledLost(own);
    this.flushSoon();
  }

  /** Redis lost its data: tell it everything this process used in the window and today. */
  async replayAll(): Promise<void> {
    this.o.ledger.lost();
    await this.flush();
    await this.replaySlots();
  }
}
