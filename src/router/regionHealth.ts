import { type ErrorKind } from '../providers/errors';

const OUTAGE_KINDS: ReadonlySet<ErrorKind> = new Set(['unavailable', 'timeout']);

/**
 * Regional disruptions hit every account and model in a Region at once. When one
 * target in a Region fails as if the Region were down (a 5xx or a timeout), the other
 * targets there are tried after targets elsewhere, until a call in that Region succeeds
 * or the window passes. Each target's own breaker still decides whether it is used at all.
 */
export class RegionHealth {
  private readonly lastFailure = new Map<string, number>();
  private readonly lastSuccess = new Map<string, number>();
  private readonly suspects = new Set<string>();

  constructor(private windowMs: number) {}

  configure(windowMs: number): void {
    this.windowMs = windowMs;
  }

  record(region: string, outcome: 'ok' | ErrorKind, now: number): void {
    if (outcome === 'ok') {
      this.lastSuccess.set(region, now);
      this.suspects.delete(region);
    } else if (OUTAGE_KINDS.has(outcome)) {
      this.lastFailure.set(region, now);
      this.suspects.add(region);
    }
  }

  /** Regions whose latest outcome was an outage-like failure within the window. */
  suspect(now: number): ReadonlySet<string> {
    for (const r of this.suspects) if (now - (this.lastFailure.get(r) ?? 0) > this.windowMs) this.suspects.delete(r);
    return this.suspects;
  }
}
