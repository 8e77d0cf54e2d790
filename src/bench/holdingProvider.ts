import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent } from '../providers/types';

/**
 * Holds every call open until all requests have been launched, so concurrency limits
 * are exercised, then answers. Counts calls and the most in flight per profile.
 */
export class HoldingProvider implements ModelProvider {
  private readonly calls = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly peak = new Map<string, number>();
  private release!: () => void;
  private readonly released = new Promise<void>((r) => (this.release = r));

  async *stream(endpoint: Endpoint, _request: ModelRequest, _signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const p = endpoint.profile;
    this.calls.set(p, (this.calls.get(p) ?? 0) + 1);
    this.inFlight.set(p, (this.inFlight.get(p) ?? 0) + 1);
    this.peak.set(p, Math.max(this.peak.get(p) ?? 0, this.inFlight.get(p)!));
    try {
      await this.released;
      yield { type: 'text', text: 'ok' };
      yield { type: 'stop', stopReason: 'end_turn' };
      yield { type: 'usage', usage: { inputTokens: 5, outputTokens: 5, totalTokens: 10 } };
    } finally {
      this.inFlight.set(p, this.inFlight.get(p)! - 1);
    }
  }

  /** Lets the held calls answer once the event loop has run every launched request to its first await. */
  async releaseAllWhenIdle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    this.release();
  }

  callsTo(profile: string): number {
    return this.calls.get(profile) ?? 0;
  }

  maxInFlight(profile: string): number {
    return this.peak.get(profile) ?? 0;
  }
}
