/**
 * The contract between the router and whatever calls a model. The router knows
 * only these types; the Bedrock provider maps them to and from Converse.
 */

/** How an account authenticates (a target's `auth`). */
export const AUTH_TYPES = ['profile', 'default-chain', 'api-key', 'access-keys'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export interface EndpointAuth {
  type: AuthType;
}

/** Where one attempt goes: a model or inference profile, in an AWS profile (account) and Region. */
export interface Endpoint {
  /** Model id, inference profile id (`us.`, `eu.`, `apac.`, `global.` ...) or ARN. */
  model: string;
  /**
   * The account: with `profile` auth (the default), the profile name in the shared
   * config/credentials files; with other auth, the name its secrets are stored under.
   */
  profile: string;
  /** Source Region the request is sent to. */
  region: string;
  /** How the account authenticates; absent: `{ type: 'profile' }`. */
  auth?: EndpointAuth;
  /** The target this endpoint belongs to, for messages. */
  targetId?: string;
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
  /** A prompt-cache point after the system prompt (models without prompt caching ignore it). */
  systemCachePoint?: boolean;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  tools?: ToolSpec[];
  toolChoice?: 'auto' | 'any' | { name: string };
  /** Extended thinking budget in tokens, for models that support it. */
  reasoningBudgetTokens?: number;
  /** Bedrock service tier (Converse `serviceTier.type`); absent: Bedrock's default tier. */
  serviceTier?: 'priority' | 'default' | 'flex' | 'reserved';
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
  /** Thinking, not the answer. `signature` arrives once, at the end of a reasoning block (send it back with the block in later turns). */
  | { type: 'reasoning'; text: string; signature?: string }
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
/** What a caller may learn about an attempt besides its events. */
export interface StreamHooks {
  /**
   * The service accepted the request (its response headers arrived): an upper bound on when
   * it counted the request against its quotas. Called at most once, before any event.
   */
  onAccepted?(): void;
}

export interface ModelProvider {
  /**
   * Streams one attempt. Errors are thrown as `ProviderError` (use `classifyError` at the edge).
   * Aborting `signal` must abort the underlying call and make the iterator throw a `cancelled` error.
   */
  stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal, hooks?: StreamHooks): AsyncIterable<StreamEvent>;
}
