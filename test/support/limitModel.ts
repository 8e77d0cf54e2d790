import fc from 'fast-check';
import { type LimitSpec } from '../../src/router';

/**
 * A small reference model of the limit stores' semantics: one sliding minute for requests
 * and tokens, a concurrency count, tokens per UTC day. Written to be obviously right
 * (lists and sums, no incremental state), so a store can be checked against it.
 */
const WINDOW = 60_000;
const DAY = 86_400_000;

interface Entry {
  id: number;
  keys: readonly string[];
  slots: readonly string[];
  at: number;
  day: number;
  tokens: number;
  open: boolean;
  refunded: boolean;
}

export class LimitModel {
  readonly entries: Entry[] = [];

  private live(key: string, now: number): Entry[] {
    return this.entries.filter((e) => !e.refunded && e.keys.includes(key) && e.at > now - WINDOW);
  }

  usage(key: string, now: number) {
    const w = this.live(key, now);
    return {
      rpm: w.length,
      tpm: w.reduce((n, e) => n + e.tokens, 0),
      inFlight: this.entries.filter((e) => e.open && e.slots.includes(key)).length,
      tokensToday: this.entries.filter((e) => !e.refunded && e.keys.includes(key) && e.day === Math.floor(now / DAY)).reduce((n, e) => n + e.tokens, 0),
    };
  }

  /** Whether the model admits; the limit that refuses, if not. */
  decide(specs: readonly LimitSpec[], tokens: number, now: number): string | undefined {
    for (const s of specs) {
      const u = this.usage(s.key, now);
      if (s.concurrency !== undefined && u.inFlight >= s.concurrency) return `${s.key}:concurrency`;
      if (s.rpm !== undefined && u.rpm + 1 > s.rpm) return `${s.key}:rpm`;
      if (s.tpm !== undefined && u.tpm + tokens > s.tpm) return `${s.key}:tpm`;
      if (s.tokensPerDay !== undefined && u.tokensToday + tokens > s.tokensPerDay) return `${s.key}:tokensPerDay`;
    }
    return undefined;
  }

  admit(id: number, specs: readonly LimitSpec[], tokens: number, now: number): void {
    this.entries.push({ id, keys: specs.map((s) => s.key), slots: specs.filter((s) => s.concurrency !== undefined).map((s) => s.key), at: now, day: Math.floor(now / DAY), tokens, open: true, refunded: false });
  }

  finish(id: number, tokens: number, now: number): void {
    const e = this.entries.find((x) => x.id === id)!;
    e.open = false;
    // Settling replaces the reservation while it is in the window; the day always moves.
    e.tokens = tokens;
    void now;
  }

  refund(id: number): void {
    const e = this.entries.find((x) => x.id === id)!;
    e.open = false;
    e.refunded = true;
  }

  restamp(id: number, now: number): void {
    const e = this.entries.find((x) => x.id === id)!;
    if (e.open) e.at = now;
  }

  /** Every limit holds for the admissions the model knows (checked after each admission). */
  overLimit(specs: readonly LimitSpec[], now: number): string | undefined {
    for (const s of specs) {
      const u = this.usage(s.key, now);
      if (s.concurrency !== undefined && u.inFlight > s.concurrency) return `${s.key}: ${u.inFlight} in flight > ${s.concurrency}`;
      if (s.rpm !== undefined && u.rpm > s.rpm) return `${s.key}: ${u.rpm} requests in the minute > ${s.rpm}`;
    }
    return undefined;
  }
}

/** The limits of the property tests: a target and a tenant, small enough to be hit often. */
export const TARGET: LimitSpec = { key: 'target:t', rpm: 6, tpm: 900, concurrency: 3 };
export const TENANT: LimitSpec = { key: 'tenant:w', rpm: 8, tokensPerDay: 2_000 };

export type Op =
  | { op: 'admit'; proc: number; specs: 'target' | 'tenant' | 'both'; tokens: number }
  | { op: 'finish'; pick: number; actual: number }
  | { op: 'refund'; pick: number }
  | { op: 'restamp'; pick: number }
  | { op: 'jump'; ms: number };

export function opsArbitrary(processes: number): fc.Arbitrary<Op[]> {
  const ops: Array<fc.Arbitrary<Op>> = [
    fc.record({ op: fc.constant('admit' as const), proc: fc.integer({ min: 0, max: processes - 1 }), specs: fc.constantFrom('target' as const, 'tenant' as const, 'both' as const), tokens: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ op: fc.constant('admit' as const), proc: fc.integer({ min: 0, max: processes - 1 }), specs: fc.constant('both' as const), tokens: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ op: fc.constant('finish' as const), pick: fc.nat(), actual: fc.integer({ min: 0, max: 500 }) }),
    fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('restamp' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('jump' as const), ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 55_000, max: 70_000 }), fc.constant(DAY)) }),
  ];
  return fc.array(fc.oneof(...ops), { minLength: 5, maxLength: 40 });
}

export const specsOf = (which: 'target' | 'tenant' | 'both'): LimitSpec[] => (which === 'target' ? [TARGET] : which === 'tenant' ? [TENANT] : [TARGET, TENANT]);
