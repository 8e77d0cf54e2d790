import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent } from '../providers/types';

const USAGE = { inputTokens: 12, outputTokens: 8, totalTokens: 20 };

/** A provider that answers at once, in process: what remains of a request's time is the router's. */
export class InstantProvider implements ModelProvider {
  calls = 0;
  readonly callsByModel = new Map<string, number>();

  async *stream(endpoint: Endpoint, _request: ModelRequest, _signal: AbortSignal): AsyncGenerator<StreamEvent> {
    this.calls++;
    const key = `${endpoint.profile}/${endpoint.region}/${endpoint.model}`;
    this.callsByModel.set(key, (this.callsByModel.get(key) ?? 0) + 1);
    yield { type: 'text', text: 'ok' };
    yield { type: 'stop', stopReason: 'end_turn' };
    yield { type: 'usage', usage: USAGE };
  }
}
