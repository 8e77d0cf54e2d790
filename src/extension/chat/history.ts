import type * as vscode from 'vscode';
import type { ChatMessage, ContentPart } from '../../providers/types';

/** What `@bedrock` keeps in `ChatResult.metadata`: the follow-ups and the next turn's history read it. */
export interface TurnMetadata {
  command?: string;
  /** The answer's text without the served-by line (and without its thinking). */
  answer?: string;
  /** The answer's thinking blocks that carry a signature: sent back with the answer in later turns. */
  reasoning?: Array<{ text: string; signature: string }>;
  route?: string;
  errorKind?: string;
  pattern?: string;
}

type Turn = vscode.ChatRequestTurn | vscode.ChatResponseTurn;

const isRequest = (t: Turn): t is vscode.ChatRequestTurn => 'prompt' in t;

function responseText(turn: vscode.ChatResponseTurn): string {
  const meta = turn.result.metadata as TurnMetadata | undefined;
  if (typeof meta?.answer === 'string') return meta.answer;
  return turn.response
    .map((part) => {
      const value = (part as { value?: unknown }).value;
      if (typeof value === 'string') return value;
      if (value && typeof (value as vscode.MarkdownString).value === 'string') return (value as vscode.MarkdownString).value;
      return '';
    })
    .join('');
}

/** The signed thinking of an answer, as reasoning parts (the model checks their signatures). */
function reasoningParts(meta: TurnMetadata | undefined): ContentPart[] {
  if (!Array.isArray(meta?.reasoning)) return [];
  return meta.reasoning.filter((r) => typeof r?.text === 'string' && typeof r.signature === 'string' && r.signature !== '').map((r) => ({ type: 'reasoning' as const, text: r.text, signature: r.signature }));
}

/**
 * The conversation so far as messages: each plain question and its answer (after the
 * answer's signed thinking, when it had some). Slash-command turns (/status, /demo ...) and
 * failed answers are left out: they are not conversation.
 */
export function historyMessages(history: readonly Turn[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < history.length; i++) {
    const turn = history[i]!;
    if (!isRequest(turn) || turn.command) continue;
    const reply = history[i + 1];
    if (!reply || isRequest(reply) || reply.command || reply.result.errorDetails) continue;
    const answer = responseText(reply).trim();
    if (!turn.prompt.trim() || !answer) continue;
    out.push({ role: 'user', content: [{ type: 'text', text: turn.prompt }] }, { role: 'assistant', content: [...reasoningParts(reply.result.metadata as TurnMetadata | undefined), { type: 'text', text: answer }] });
  }
  return out;
}
