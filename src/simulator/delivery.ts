/**
 * Sends a planned reply at the pace of the latency model: whole after the full
 * generation time, or as event-stream frames (first token after the time to first
 * token, then deltas at the output rate). Applies hang, reset and mid-stream faults.
 */
import { abortError } from '../core/clock';
import { STREAM_EXCEPTION_KINDS, streamExceptionMessage } from './errors';
import { EVENT_STREAM_CONTENT_TYPE, exceptionFrame } from '../wire';
import type { Exchange } from './exchange';
import type { Disruption } from './faults';
import type { ModelInfo } from './catalog';
import { totalLatencyMs, type LatencyPlan } from './latency';
import type { ModelProtocol } from './protocol';
import type { ReplyPlan } from './reply';
import type { SimState } from './state';

export interface Delivery {
  state: SimState;
  exchange: Exchange;
  protocol: ModelProtocol;
  plan: ReplyPlan;
  latency: LatencyPlan;
  disruption?: Disruption;
  /** Clock time the request arrived. */
  start: number;
  requestId: string;
  modelId: string;
  model: ModelInfo;
}

export interface DeliveryResult {
  outcome: 'success' | 'error' | 'client-aborted';
  outputTokens: number;
  errorCode?: string;
}

/** Output tokens per delta event. */
const PIECES_PER_DELTA = 3;

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

async function disrupt(d: Delivery, disruption: Disruption, outputTokens: number): Promise<DeliveryResult> {
  switch (disruption.type) {
    case 'reset':
      d.exchange.reset();
      return { outcome: 'error', outputTokens, errorCode: 'ConnectionReset' };
    case 'hang':
      await untilAborted(d.exchange.signal);
      return { outcome: 'client-aborted', outputTokens, errorCode: 'Hang' };
    case 'midStream': {
      const type = STREAM_EXCEPTION_KINDS[disruption.kind];
      d.exchange.write(exceptionFrame(type, disruption.message ?? streamExceptionMessage(disruption.kind)));
      d.exchange.end();
      return { outcome: 'error', outputTokens, errorCode: type.charAt(0).toUpperCase() + type.slice(1) };
    }
    case 'error':
      throw disruption.error;
  }
}

async function whole(d: Delivery): Promise<DeliveryResult> {
  const render = d.protocol.render;
  if (!render) throw new Error(`${d.protocol.operation} has no renderer`);
  await d.state.clock.sleep(totalLatencyMs(d.latency, d.plan.outputTokens), d.exchange.signal);
  // Never report less than the modelled time: scaled timers can fire a little early.
  const latencyMs = Math.max(d.state.clock.now() - d.start, totalLatencyMs(d.latency, d.plan.outputTokens));
  const { body, headers } = render(d.plan, { modelId: d.modelId, model: d.model, latencyMs, firstTokenMs: d.latency.firstTokenMs, requestId: d.requestId });
  d.exchange.respond(200, { 'content-type': 'application/json', 'x-amzn-requestid': d.requestId, ...headers }, body);
  return { outcome: 'success', outputTokens: d.plan.outputTokens };
}

async function stream(d: Delivery): Promise<DeliveryResult> {
  const encoder = d.protocol.encoder?.();
  if (!encoder) throw new Error(`${d.protocol.operation} has no stream encoder`);
  const { exchange, state, plan, latency } = d;
  const interrupt = d.disruption && d.disruption.type !== 'error' ? d.disruption : undefined;
  const afterTokens = interrupt && 'afterTokens' in interrupt ? interrupt.afterTokens : Infinity;
  const sendAll = (frames: Uint8Array[]) => frames.forEach((f) => exchange.write(f));

  exchange.startStream(200, { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': d.requestId });
  await state.clock.sleep(latency.firstTokenMs, exchange.signal);
  const ctx = { modelId: d.modelId, model: d.model, firstTokenMs: Math.max(state.clock.now() - d.start, latency.firstTokenMs), requestId: d.requestId };
  sendAll(encoder.start(plan, ctx));
  let emitted = 0;
  // Each delta is due perTokenMs x its tokens after the one before, on a schedule from the first token: a timer
  // that fires late (a busy event loop, scaled ms below a timer's resolution) delays that delta, not every later one.
  let due = state.clock.now();
  // A delta already due goes at once: waiting a turn of a busy event loop per delta would stretch a long answer by the loop's lag x its deltas.
  const pace = async (tokens: number) => {
    due += latency.perTokenMs * tokens;
    const wait = due - state.clock.now();
    if (wait > 0) await state.clock.sleep(wait, exchange.signal);
    else if (exchange.signal.aborted) throw abortError(exchange.signal);
  };
  // Before a disruption, one turn of the event loop, so the frames written before it reach the client first.
  const disruptAfterFlush = async (disruption: Disruption) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return disrupt(d, disruption, emitted);
  };
  // Thinking first, as its own content block (index 0); the answer's blocks follow.
  const { reasoningDelta, reasoningStop } = encoder;
  const reasoning = reasoningDelta && reasoningStop ? plan.reasoning : undefined;
  if (reasoning && reasoningDelta && reasoningStop) {
    for (let i = 0; i < reasoning.pieces.length; ) {
      if (interrupt && emitted >= afterTokens) return disruptAfterFlush(interrupt);
      const group = reasoning.pieces.slice(i, i + Math.min(PIECES_PER_DELTA, afterTokens - emitted));
      if (emitted > 0) await pace(group.length);
      sendAll(reasoningDelta(0, group.join('')));
      emitted += group.length;
      i += group.length;
    }
    sendAll(reasoningStop(0, reasoning.signature));
  }
  const offset = reasoning ? 1 : 0;
  for (const [i, block] of plan.blocks.entries()) {
    const index = i + offset;
    sendAll(encoder.blockStart(block, index));
    const per = block.type === 'text' ? PIECES_PER_DELTA : PIECES_PER_DELTA + 1;
    for (let i = 0; i < block.pieces.length; ) {
      if (interrupt && emitted >= afterTokens) return disruptAfterFlush(interrupt);
      const group = block.pieces.slice(i, i + Math.min(per, afterTokens - emitted));
      if (emitted > 0) await pace(group.length);
      sendAll(encoder.delta(block, index, group.join('')));
      emitted += group.length;
      i += group.length;
    }
    sendAll(encoder.blockStop(block, index));
  }
  if (interrupt) return disruptAfterFlush(interrupt);
  sendAll(encoder.finish(plan, { ...ctx, latencyMs: Math.max(state.clock.now() - d.start, totalLatencyMs(latency, emitted)) }));
  exchange.end();
  return { outcome: 'success', outputTokens: emitted };
}

export async function deliver(d: Delivery): Promise<DeliveryResult> {
  const early = d.disruption;
  if (early && (early.type === 'hang' || early.type === 'reset') && early.afterTokens === 0) return disrupt(d, early, 0);
  try {
    return d.protocol.encoder ? await stream(d) : await whole(d);
  } catch (err) {
    if (d.exchange.signal.aborted) return { outcome: 'client-aborted', outputTokens: 0, errorCode: 'ClientClosed' };
    throw err;
  }
}
