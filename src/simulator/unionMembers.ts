/**
 * Union shapes Bedrock validates strictly: a Converse `ContentBlock` or
 * `SystemContentBlock` with a member the API does not define, and an Anthropic
 * Messages content block of an unknown `type`, are rejected with a ValidationException
 * rather than answered. Member lists follow the Bedrock Runtime API reference
 * (ContentBlock, SystemContentBlock) and Anthropic's Messages API content block types.
 *
 * The wording: Converse follows Bedrock's Coral constraint messages ("1 validation error
 * detected: Value ... at '...' failed to satisfy constraint: ..."); InvokeModel passes
 * Anthropic's own validation text through. Neither exact text for this case is on an
 * AWS page we could find, so both follow those established patterns.
 */
import { constraint, invalid } from './converseRequest';
import type { SimError } from './errors';

/** The `ContentBlock` members of the installed @aws-sdk/client-bedrock-runtime (the API reference's list). */
export const CONTENT_BLOCK_MEMBERS = [
  'text',
  'image',
  'document',
  'video',
  'audio',
  'toolUse',
  'toolResult',
  'guardContent',
  'cachePoint',
  'reasoningContent',
  'citationsContent',
  'searchResult',
  'toolAddition',
  'toolRemoval',
] as const;

export const SYSTEM_BLOCK_MEMBERS = ['text', 'guardContent', 'cachePoint'] as const;

/** Anthropic's request content block types: the `BetaContentBlockParam` union of the installed @anthropic-ai/sdk (a superset of the GA one). */
export const ANTHROPIC_BLOCK_TYPES = [
  'text',
  'image',
  'document',
  'search_result',
  'thinking',
  'redacted_thinking',
  'tool_use',
  'tool_result',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'advisor_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
  'compaction',
  'tool_addition',
  'tool_removal',
  'mcp_tool_listing',
  'fallback',
] as const;

/** The error for a union value whose members are not exactly one known member, or undefined if it is fine. */
export function unionMemberError(block: Record<string, unknown>, path: string, union: string, members: readonly string[]): SimError | undefined {
  const keys = Object.keys(block).filter((k) => block[k] !== undefined && block[k] !== null);
  const unknown = keys.filter((k) => !members.includes(k));
  if (unknown.length > 0) {
    return constraint(block, path, `Member must be a ${union} with one of the members [${members.join(', ')}]; '${unknown[0]}' is not a member of ${union}`);
  }
  if (keys.length !== 1) return constraint(block, path, `Member must have exactly one member of ${union} set, found ${keys.length}`);
  return undefined;
}

/** Anthropic's error for a content block whose `type` it does not know. */
export function anthropicBlockTypeError(type: unknown, messageIndex: number, blockIndex: number): SimError {
  const tags = ANTHROPIC_BLOCK_TYPES.map((t) => `'${t}'`).join(', ');
  return invalid(`messages.${messageIndex}.content.${blockIndex}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${tags}`);
}
