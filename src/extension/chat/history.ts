import type * as vscode from 'vscode';
import type { ChatMessage } from '../../providers/types';

/** What `@bedrock` keeps in `ChatResult.metadata`: the follow-ups and the next turn's history read it. */
export interface TurnMetadata {
  command?: string;
  /** The answer's text without the served-by line. */
  answer?: string;
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

/**
 * The conversation so far as messages: each plain question and its answer. Slash-command
 * turns (/status, /demo ...) and failed answers are left out: they are not conversation.
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
    out.push({ role: 'user', content: [{ type: 'text', text: turn.prompt }] }, { role: 'assistant', content: [{ type: 'text', text: answer }] });
  }
  return out;
}
