// The Chat view: open it, send a message as a person types it, read the rendered turns.
import { type Page } from 'playwright-core';
import { type DomElement } from './dom';
import { runCommand } from './palette';

const INPUT = '.interactive-input-part .monaco-editor';
const TURN = '.interactive-item-container';

export interface ChatTurn {
  kind: 'request' | 'response';
  text: string;
  loading: boolean;
  /** Position in the conversation (0: the first request). The list renders only the rows in view. */
  index: number;
}

export async function openChat(page: Page, timeoutMs = 15_000): Promise<void> {
  if (!(await page.locator(INPUT).first().isVisible())) await runCommand(page, 'Chat: Open Chat', timeoutMs);
  await page.locator(INPUT).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * The rendered turns in conversation order. The chat list is virtual: rows scrolled out of view
 * are not in the DOM, DOM order is not list order, sticky scroll repeats a request at the top,
 * and a conversation left by "New Chat" stays in the DOM, hidden (both skipped here).
 */
export async function readChatTurns(page: Page): Promise<ChatTurn[]> {
  const turns = await page.locator(TURN).evaluateAll((els: DomElement[]) =>
    els
      .filter((el) => el.closest('.monaco-tree-sticky-row') === null && el.checkVisibility())
      .map((el) => ({
        kind: el.classList.contains('interactive-request') ? ('request' as const) : ('response' as const),
        text: el.innerText,
        loading: el.classList.contains('chat-response-loading'),
        index: Number(el.closest('.monaco-list-row')?.getAttribute('data-index') ?? NaN),
      })),
  );
  return turns.sort((a, b) => a.index - b.index);
}

/** How many turns the conversation has (rendered or scrolled out of view). */
export async function countChatTurns(page: Page): Promise<number> {
  const turns = await readChatTurns(page);
  return turns.reduce((n, t) => Math.max(n, Number.isFinite(t.index) ? t.index + 1 : 0), turns.length);
}

/** Replaces whatever the chat input holds (e.g. a sticky participant's "@bedrock ") with `text` and presses Enter. */
export async function sendChatMessage(page: Page, text: string): Promise<void> {
  await openChat(page);
  await page.locator(INPUT).first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.waitForTimeout(150); // let any @participant / slash-command suggestion settle
  // Enter would accept an open suggestion (e.g. after "@bedrock /status") instead of sending.
  const suggestion = page.locator('.suggest-widget.visible'); // rendered outside the input part
  if (await suggestion.isVisible()) {
    await page.keyboard.press('Escape');
    await suggestion.waitFor({ state: 'hidden', timeout: 5000 });
  }
  await page.keyboard.press('Enter');
}

/** Waits for the response after the `previousCount`-th turn (see countChatTurns) to finish rendering; returns its text. */
export async function waitForChatResponse(page: Page, previousCount: number, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let turns: ChatTurn[] = [];
  while (Date.now() < deadline) {
    turns = await readChatTurns(page);
    const response = turns.find((t) => t.index >= previousCount && t.kind === 'response');
    if (response && !response.loading && response.text.trim() !== '') return response.text;
    await page.waitForTimeout(250);
  }
  throw new Error(`no finished chat response within ${timeoutMs} ms (turns: ${JSON.stringify(turns)})`);
}

/** Sends a message and returns the text of the response it gets. */
export async function ask(page: Page, text: string, timeoutMs = 60_000): Promise<string> {
  await openChat(page);
  const before = await countChatTurns(page);
  await sendChatMessage(page, text);
  return waitForChatResponse(page, before, timeoutMs);
}
