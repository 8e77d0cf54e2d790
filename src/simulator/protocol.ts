/**
 * What differs between Converse and the InvokeModel body shapes: parsing the
 * request and rendering the reply, whole or as event-stream frames. The shared
 * admission, routing, fault and timing logic lives in `invocation.ts`.
 */
import type { ModelInfo } from './catalog';
import type { ReplyBlock, ReplyPlan } from './reply';
import type { SimRequest } from './request';
import type { Operation } from './types';

export interface RenderContext {
  /** The model id as requested. */
  modelId: string;
  model: ModelInfo;
  /** Simulated ms from arrival to the end of generation. */
  latencyMs: number;
  /** Simulated ms from arrival to the first token. */
  firstTokenMs: number;
  requestId: string;
}

export interface StreamEncoder {
  start(plan: ReplyPlan, ctx: Omit<RenderContext, 'latencyMs'>): Uint8Array[];
  blockStart(block: ReplyBlock, index: number): Uint8Array[];
  delta(block: ReplyBlock, index: number, text: string): Uint8Array[];
  blockStop(block: ReplyBlock, index: number): Uint8Array[];
  finish(plan: ReplyPlan, ctx: RenderContext): Uint8Array[];
  /** Thinking deltas (Converse only); protocols without them never stream a plan's reasoning. */
  reasoningDelta?(index: number, text: string): Uint8Array[];
  /** Ends the thinking block with its signature. */
  reasoningStop?(index: number, signature: string): Uint8Array[];
}

export interface ModelProtocol {
  readonly operation: Operation;
  parse(body: unknown, model: ModelInfo): SimRequest;
  /** Non-streaming reply: JSON body text and extra headers. */
  render?(plan: ReplyPlan, ctx: RenderContext): { body: string; headers?: Record<string, string> };
  /** Present for streaming operations. */
  encoder?(): StreamEncoder;
}
