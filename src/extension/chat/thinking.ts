import type * as vscode from 'vscode';

/**
 * Extended thinking in the Chat view, shown as thinking and not as the answer: a progress
 * line ("Thinking...") and the reasoning as a quoted block headed **Thinking**, closed
 * before the answer starts. (The stable chat API has no thinking part: `thinkingProgress`
 * and `ChatResponseThinkingProgressPart` are proposals.) Keeps each block's text and
 * signature, so signed thinking can go back with the answer in later turns.
 */
export class ThinkingBlock {
  private open = false;
  private readonly blocks: Array<{ text: string; signature?: string }> = [];

  constructor(private readonly stream: Pick<vscode.ChatResponseStream, 'markdown' | 'progress'>) {}

  add(text: string, signature?: string): void {
    if (!this.open) {
      this.open = true;
      this.blocks.push({ text: '' });
      this.stream.progress('Thinking...');
      this.stream.markdown('> **Thinking**\n>\n> ');
    }
    const block = this.blocks.at(-1)!;
    if (text) {
      block.text += text;
      this.stream.markdown(text.replace(/\r?\n/g, '\n> '));
    }
    if (signature) block.signature = signature;
  }

  /** Ends the quoted block (before the answer's text). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.stream.markdown('\n\n');
  }

  /** The blocks that carry a signature (a model accepts thinking back only with its signature). */
  signedBlocks(): Array<{ text: string; signature: string }> {
    return this.blocks.flatMap((b) => (b.signature ? [{ text: b.text, signature: b.signature }] : []));
  }
}
