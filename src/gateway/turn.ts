/**
 * One request through the router, for a protocol handler. The router fails over invisibly
 * until the first token; `openTurn` waits for that first content event before it returns, so
 * an error before it (every target throttled, the workspace over its quota) is still an
 * HTTP error status, and the client never sees a retry it did not make.
 */
import { type RequestRecord, type Router, type RouteRequest } from '../router';
import { type StreamEvent } from '../providers/types';

export type TurnEvent = StreamEvent | { type: 'record'; record: RequestRecord };

async function* contentOnly(router: Router, req: RouteRequest): AsyncGenerator<TurnEvent> {
  for await (const e of router.stream(req)) if (e.type !== 'progress' && e.type !== 'served') yield e;
}

/** Starts the request and resolves once it is served (or throws the router's error). */
export async function openTurn(router: Router, req: RouteRequest): Promise<AsyncGenerator<TurnEvent>> {
  const inner = contentOnly(router, req);
  const first = await inner.next();
  return (async function* () {
    try {
      if (!first.done) yield first.value;
      yield* inner;
    } finally {
      await inner.return(undefined);
    }
  })();
}

/** The whole answer of a turn (non-streaming operations). */
export interface CollectedTurn {
  text: string;
  reasoning: Array<{ text: string; signature?: string }>;
  toolUses: Array<{ toolUseId: string; name: string; input: unknown }>;
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
  latencyMs?: number;
  record?: RequestRecord;
}

export async function collectTurn(events: AsyncIterable<TurnEvent>): Promise<CollectedTurn> {
  const out: CollectedTurn = { text: '', reasoning: [], toolUses: [], stopReason: 'end_turn', usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
  for await (const e of events) {
    if (e.type === 'text') out.text += e.text;
    else if (e.type === 'reasoning') {
      const last = out.reasoning.at(-1);
      if (last && last.signature === undefined) {
        last.text += e.text;
        if (e.signature !== undefined) last.signature = e.signature;
      } else out.reasoning.push({ text: e.text, signature: e.signature });
    } else if (e.type === 'toolUse') out.toolUses.push({ toolUseId: e.toolUseId, name: e.name, input: e.input });
    else if (e.type === 'stop') out.stopReason = e.stopReason;
    else if (e.type === 'usage') {
      out.usage = { ...e.usage };
      out.latencyMs = e.latencyMs;
    } else if (e.type === 'record') out.record = e.record;
  }
  return out;
}
