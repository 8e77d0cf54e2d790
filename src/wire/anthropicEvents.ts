/**
 * Anthropic Messages API stream events (as Bedrock carries them inside `chunk` frames for
 * InvokeModelWithResponseStream with `anthropic_version: bedrock-2023-05-31`). Built here
 * once for the simulator and the gateway. Event order, from Anthropic's "Streaming Messages"
 * page: message_start, then per block content_block_start / content_block_delta... /
 * content_block_stop, then message_delta (stop_reason, output usage) and message_stop.
 */

export type AnthropicContentBlockStart = { type: 'text'; text: '' } | { type: 'tool_use'; id: string; name: string; input: Record<string, never> } | { type: 'thinking'; thinking: '' };

export type AnthropicDelta = { type: 'text_delta'; text: string } | { type: 'input_json_delta'; partial_json: string } | { type: 'thinking_delta'; thinking: string } | { type: 'signature_delta'; signature: string };

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: { id: string; type: 'message'; role: 'assistant'; model: string; content: []; stop_reason: null; stop_sequence: null; usage: { input_tokens: number; output_tokens: number } } }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlockStart }
  | { type: 'content_block_delta'; index: number; delta: AnthropicDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: string | null; stop_sequence: string | null }; usage: AnthropicDeltaUsage }
  | { type: 'message_stop'; 'amazon-bedrock-invocationMetrics'?: unknown };

/** The final usage of `message_delta`: output tokens, and (as Anthropic's API sends them) the input and prompt-cache counts, which clients take over the estimate of `message_start`. */
export interface AnthropicDeltaUsage {
  output_tokens: number;
  input_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A Messages API message id in Bedrock's style (`msg_bdrk_...`). */
export function anthropicMessageId(requestId: string): string {
  return `msg_bdrk_${requestId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;
}

export const anthropicEvents = {
  messageStart: (id: string, model: string, inputTokens: number): AnthropicStreamEvent => ({
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
  }),
  textStart: (index: number): AnthropicStreamEvent => ({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
  toolUseStart: (index: number, id: string, name: string): AnthropicStreamEvent => ({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } }),
  thinkingStart: (index: number): AnthropicStreamEvent => ({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } }),
  textDelta: (index: number, text: string): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }),
  inputJsonDelta: (index: number, partialJson: string): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partialJson } }),
  thinkingDelta: (index: number, thinking: string): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } }),
  signatureDelta: (index: number, signature: string): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } }),
  blockStop: (index: number): AnthropicStreamEvent => ({ type: 'content_block_stop', index }),
  messageDelta: (stopReason: string | null, usage: number | AnthropicDeltaUsage): AnthropicStreamEvent => ({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: typeof usage === 'number' ? { output_tokens: usage } : usage }),
  messageStop: (invocationMetrics?: unknown): AnthropicStreamEvent => (invocationMetrics === undefined ? { type: 'message_stop' } : { type: 'message_stop', 'amazon-bedrock-invocationMetrics': invocationMetrics }),
};
