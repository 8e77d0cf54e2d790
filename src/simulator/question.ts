/**
 * The user's own last question in a request, as a person would point at it. Clients wrap it:
 * VS Code's language-model requests put `<context>` (the date, the open files) and the question
 * in `<prompt>`; Claude Code adds `<system-reminder>` blocks, and its tool-result turns carry no
 * question at all; `@bedrock` sends attached files as a second text block after the question.
 * So: the newest user message with words of its own, its first text block once tagged blocks are
 * removed (or the inside of a `<prompt>`-style tag when there is one).
 */
import type { SimRequest } from './request';

/** Tags clients put the person's own words in. */
const QUESTION_TAG = /<(prompt|userRequest|user_request|user_query|user-query|query)>([\s\S]*?)<\/\1>/i;
/** Any other tagged block (`<context>...</context>`, `<system-reminder>...</system-reminder>`): injected, not asked. */
const TAGGED_BLOCK = /<([A-Za-z][\w:.-]*)(?:\s[^>]*)?>[\s\S]*?<\/\1>/g;

/** What the person wrote in one text block: the tagged question, or the text without injected blocks. */
export function ownWords(text: string): string {
  const tagged = QUESTION_TAG.exec(text);
  if (tagged) return tagged[2]!.trim();
  let rest = text;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(TAGGED_BLOCK, '');
  }
  return rest.trim();
}

/** The user's last question ('' when no user message has words of its own). */
export function userQuestion(request: SimRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role !== 'user') continue;
    for (const block of message.content) {
      if (block.type !== 'text') continue;
      const words = ownWords(block.text);
      if (words !== '') return words;
    }
  }
  return '';
}
