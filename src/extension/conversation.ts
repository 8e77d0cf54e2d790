/**
 * Shapes a conversation the way Converse accepts it: roles alternate, the first message
 * is the user's, no empty messages, tool results first in their user message. VS Code's
 * chat history and language-model messages do not promise any of that. No `vscode` import.
 */
import type { ChatMessage, ContentPart } from '../providers/types';

const isEmptyText = (p: ContentPart) => p.type === 'text' && p.text.trim() === '';

export function normalizeConversation(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const content = m.content.filter((p) => !isEmptyText(p));
    if (content.length === 0 || content.every((p) => p.type === 'cachePoint')) continue;
    const last = out.at(-1);
    if (last && last.role === m.role) last.content.push(...content);
    else out.push({ role: m.role, content: [...content] });
  }
  while (out.length > 0 && out[0]!.role !== 'user') out.shift();
  for (const m of out) {
    if (m.role !== 'user') continue;
    const results = m.content.filter((p) => p.type === 'toolResult');
    if (results.length > 0) m.content = [...results, ...m.content.filter((p) => p.type !== 'toolResult')];
  }
  return out;
}
