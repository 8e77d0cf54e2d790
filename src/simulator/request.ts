/** The simulator's protocol-neutral view of a model request (Converse or InvokeModel bodies map to it). */

export type SimContent =
  | { type: 'text'; text: string }
  | { type: 'toolUse'; toolUseId: string; name: string; input: unknown }
  | { type: 'toolResult'; toolUseId: string; text: string }
  | { type: 'image'; bytes: number }
  | { type: 'other'; chars: number };

export interface SimMessage {
  role: 'user' | 'assistant';
  content: SimContent[];
}

export interface SimTool {
  name: string;
  description?: string;
  inputSchema: unknown;
}

export interface SimRequest {
  system: string[];
  messages: SimMessage[];
  maxTokens?: number;
  tools: SimTool[];
  toolChoice?: 'auto' | 'any' | { name: string };
}

/** Estimated input tokens: about one token per four characters of text (images count ~1,600). */
export function estimateInputTokens(request: SimRequest): number {
  let chars = request.system.reduce((n, s) => n + s.length, 0);
  let extra = 0;
  for (const m of request.messages) {
    for (const c of m.content) {
      switch (c.type) {
        case 'text':
          chars += c.text.length;
          break;
        case 'toolUse':
          chars += c.name.length + JSON.stringify(c.input ?? null).length;
          break;
        case 'toolResult':
          chars += c.text.length;
          break;
        case 'image':
          extra += 1600;
          break;
        case 'other':
          chars += c.chars;
          break;
      }
    }
  }
  for (const t of request.tools) chars += t.name.length + (t.description?.length ?? 0) + JSON.stringify(t.inputSchema ?? null).length;
  return Math.max(1, Math.ceil(chars / 4) + extra);
}

/** The text of the last user message (what the reply answers). */
export function lastUserText(request: SimRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  return (last?.content ?? [])
    .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}
