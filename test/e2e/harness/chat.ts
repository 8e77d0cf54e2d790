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
}

export async function openChat(page: Page, timeoutMs = 15_000): Promise<void> {
  if (!(await page.locator(INPUT).first().isVisible())) await runCommand(page, 'Chat: Open Chat', timeoutMs);
  await page.locator(INPUT).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

export async function readChatTurns(page: Page): Promise<ChatTurn[]> {
  return page.locator(TURN).evaluateAll((els: DomElement[]) =>
    els.map((el) => ({
      kind: el.classList.contains('interactive-request') ? ('request' as const) : ('response' as const),
      text: el.innerText,
      loading: el.classList.contains('chat-response-loading'),
    })),
  );
}

/** Types `text` into the chat input and presses Enter. */
export async function sendChatMessage(page: Page, text: string): Promise<void> {
  await openChat(page);
  await page.locator(INPUT).first().click();
  await page.keyboard.type(text);
  await page.waitForTimeout(150); // let any @participant / slash-command suggestion settle
  await page.keyboard.press('Enter');
}

/** Waits for the response after the `previousCount`-th turn to finish rendering; returns its text. */
export async function waitForChatResponse(page: Page, previousCount: number, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let turns: ChatTurn[] = [];
  while (Date.now() < deadline) {
    turns = await readChatTurns(page);
    const response = turns.slice(previousCount).find((t) => t.kind === 'response');
    if (response && !response.loading && response.text.trim() !== '') return response.text;
    await page.waitForTimeout(250);
  }
  throw new Error(`no finished chat response within ${timeoutMs} ms (turns: ${JSON.stringify(turns)})`);
}

/** Sends a message and returns the text of the response it gets. */
export async function ask(page: Page, text: string, timeoutMs = 60_000): Promise<string> {
  await openChat(page);
  const before = (await readChatTurns(page)).length;
  await sendChatMessage(page, text);
  return waitForChatResponse(page, before, timeoutMs);
}
