/**
 * The contract between the router and whatever calls a model. The router knows
 * only these types; the Bedrock provider maps them to and from Converse.
 */

/** Where one attempt goes: a model or inference profile, in an AWS profile (account) and Region. */
export interface Endpoint {
  /** Model id, inference profile id (`us.`, `eu.`, `apac.`, `global.` ...) or ARN. */
  model: string;
  /** AWS profile name in the shared config/credentials files. */
  profile: string;
  /** Source Region the request is sent to. */
  region: string;
}

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; format: 'png' | 'jpeg' | 'gif' | 'webp'; bytes: Uint8Array }
  | { type: 'toolUse'; toolUseId: string; name: string; input: unknown }
  | { type: 'toolResult'; toolUseId: string; content: Array<{ text: string } | { json: unknown }>; status?: 'success' | 'error' }
  | { type: 'reasoning'; text: string; signature?: string }
  | { type: 'cachePoint' };

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ContentPart[];
}

export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON schema of the tool's input. */
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  system?: string[];
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  tools?: ToolSpec[];
  toolChoice?: 'auto' | 'any' | { name: string };
  /** Extended thinking budget in tokens, for models that support it. */
  reasoningBudgetTokens?: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | (string & {});

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'toolUse'; toolUseId: string; name: string; input: unknown }
  | { type: 'stop'; stopReason: StopReason }
  | { type: 'usage'; usage: Usage; latencyMs?: number };

export interface ModelResponse {
  text: string;
  reasoning?: string;
  toolUses: Array<{ toolUseId: string; name: string; input: unknown }>;
  stopReason: StopReason;
  usage: Usage;
  latencyMs?: number;
}

/** A model caller: the Bedrock provider in the product, an in-process fake in unit tests and benchmarks. */
export interface ModelProvider {
  /**
   * Streams one attempt. Errors are thrown as `ProviderError` (use `classifyError` at the edge).
   * Aborting `signal` must abort the underlying call and make the iterator throw a `cancelled` error.
   */
  stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}
