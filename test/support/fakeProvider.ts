import { type Clock } from '../../src/core/clock';
import { type ErrorKind, ProviderError } from '../../src/providers/errors';
import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent, type StreamHooks } from '../../src/providers/types';

/** What a fake endpoint does with one call. */
export type Behaviour =
  | { kind: 'ok'; text?: string; chunks?: number; firstTokenMs?: number; chunkMs?: number; inputTokens?: number; outputTokens?: number; acceptedAfterMs?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number }
  | { kind: 'error'; error: ErrorKind; message?: string; retryAfterMs?: number; afterMs?: number }
  | { kind: 'hang' }
  | { kind: 'midstream'; afterChunks: number; error?: ErrorKind }
  | { kind: 'tool'; name: string; input: unknown };

export interface Call {
  endpoint: Endpoint;
  request: ModelRequest;
  startedAt: number;
}

/**
 * An in-process model provider for router unit tests: each endpoint (keyed by
 * profile/region/model) follows a script of behaviours, and every call is recorded.
 * A neighbour of the router, not part of the product path.
 */
export class FakeProvider implements ModelProvider {
  readonly calls: Call[] = [];
  private readonly scripts = new Map<string, Behaviour[] | ((n: number) => Behaviour)>();
  private readonly counts = new Map<string, number>();
  active = 0;
  maxActive = 0;

  constructor(private readonly clock: Clock) {}

  static key(e: Endpoint): string {
    return `${e.profile}/${e.region}/${e.model}`;
  }

  /** Scripts an endpoint: a list (the last entry repeats) or a function of the call number. */
  on(e: Endpoint, script: Behaviour[] | ((n: number) => Behaviour)): this {
    this.scripts.set(FakeProvider.key(e), script);
    return this;
  }

  callsTo(e: Endpoint): number {
    return this.calls.filter((c) => FakeProvider.key(c.endpoint) === FakeProvider.key(e)).length;
  }

  private next(e: Endpoint): Behaviour {
    const key = FakeProvider.key(e);
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    const script = this.scripts.get(key);
    if (!script) return { kind: 'ok' };
    if (typeof script === 'function') return script(n);
    return script[Math.min(n, script.length - 1)]!;
  }

  async *stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal, hooks?: StreamHooks): AsyncGenerator<StreamEvent> {
    this.calls.push({ endpoint, request, startedAt: this.clock.now() });
    const b = this.next(endpoint);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const sleep = async (ms: number) => {
      if (ms <= 0) return;
      try {
        await this.clock.sleep(ms, signal);
      } catch {
        throw new ProviderError('cancelled', 'cancelled');
      }
    };
    try {
      switch (b.kind) {
        case 'error':
          await sleep(b.afterMs ?? 0);
          throw new ProviderError(b.error, b.message ?? `fake ${b.error}`, { retryAfterMs: b.retryAfterMs, profile: endpoint.profile });
        case 'hang':
          await new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new ProviderError('cancelled', 'cancelled')), { once: true }));
          return;
        case 'tool':
          yield { type: 'toolUse', toolUseId: 'tool-1', name: b.name, input: b.input };
          yield { type: 'stop', stopReason: 'tool_use' };
          yield { type: 'usage', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } };
          return;
        case 'midstream':
          for (let i = 0; i < b.afterChunks; i++) yield { type: 'text', text: `chunk${i} ` };
          throw new ProviderError(b.error ?? 'stream-error', 'fake mid-stream failure');
        case 'ok': {
          if (b.acceptedAfterMs !== undefined) {
            await sleep(b.acceptedAfterMs);
            hooks?.onAccepted?.();
          }
          await sleep(b.firstTokenMs ?? 0);
          const text = b.text ?? `answer from ${endpoint.profile}/${endpoint.region}`;
          const chunks = b.chunks ?? 2;
          const size = Math.ceil(text.length / chunks);
          for (let i = 0; i < text.length; i += size) {
            if (i > 0) await sleep(b.chunkMs ?? 0);
            yield { type: 'text', text: text.slice(i, i + size) };
          }
          yield { type: 'stop', stopReason: 'end_turn' };
          const inputTokens = b.inputTokens ?? 10;
          const outputTokens = b.outputTokens ?? Math.ceil(text.length / 4);
          const read = b.cacheReadInputTokens ?? 0;
          const write = b.cacheWriteInputTokens ?? 0;
          const cache = read || write ? { cacheReadInputTokens: read, cacheWriteInputTokens: write } : {};
          yield { type: 'usage', usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens + read + write, ...cache } };
          return;
        }
      }
    } finally {
      this.active--;
    }
  }
}
