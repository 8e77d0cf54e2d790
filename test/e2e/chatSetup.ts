// Getting the Chat view of code-server 1.139 ready for our requests, as a person does it:
// it opens in Agent mode with the "Auto" model, where "@bedrock" is not offered and "Auto"
// (Copilot's) is unavailable. So: wait for the extension, switch to Ask mode with
// "Chat: Switch to Next Agent" (the mode picker hides Ask), and pick our route in the model
// picker once it offers "Bedrock: <route> (resilient)".
import { type Locator, type Page } from 'playwright-core';
import { type ChatTurn, type Workbench, countChatTurns, openChat, openWorkbench, readChatTurns, runCommand, saveScreenshot, sendChatMessage, waitForStatusBarItem } from './harness';
import { getActivePage } from './harness/workbench';

const MODE_LABEL = '.interactive-input-part .chat-mode-picker-item .chat-input-picker-label';
const MODEL_PICKER = '.interactive-input-part .model-picker-item .model-picker-name';
const MODEL_LABEL = `${MODEL_PICKER} .chat-input-picker-label`;
const MENU_ROW = '.context-view .monaco-list-row';
const MENU_FILTER = '.context-view .action-list-filter-input';

/** "Bedrock 3/60 rpm": the extension's status bar item, there once it has activated. */
export const STATUS_ITEM = /Bedrock \d+\/\d+ rpm/;

/** Polls `read` until `accept` takes its value; returns that value. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return value;
}

/** The chat mode shown in the chat input ("Agent", "Ask", ...). */
export async function chatMode(page: Page): Promise<string> {
  return (await page.locator(MODE_LABEL).first().innerText()).trim();
}

/** The model shown in the chat input's model picker ("Auto", "Bedrock: haiku (resilient)", ...). */
export async function chatModel(page: Page): Promise<string> {
  return (await page.locator(MODEL_LABEL).first().innerText()).trim();
}

/** Switches the Chat view to Ask mode, where chat participants such as @bedrock are offered. */
export async function switchToAskMode(page: Page): Promise<void> {
  await openChat(page);
  for (let i = 0; i < 5 && (await chatMode(page)) !== 'Ask'; i++) {
    const before = await chatMode(page);
    await runCommand(page, 'Chat: Switch to Next Agent');
    await until(() => chatMode(page), (mode) => mode !== before, 'the chat mode to change', 10_000, 100);
  }
  if ((await chatMode(page)) !== 'Ask') throw new Error(`the Chat view did not reach Ask mode (it shows "${await chatMode(page)}")`);
}

/** Opens the model picker, types `filter` in its search box and returns the rows offered (their accessible labels), then closes it. */
export async function readModelPicker(page: Page, filter = 'Bedrock'): Promise<string[]> {
  await openChat(page);
  await page.locator(MODEL_PICKER).first().click();
  try {
    await page.locator(MENU_FILTER).fill(filter);
    await page.locator(MENU_ROW).first().waitFor({ state: 'visible', timeout: 5000 });
    return (await page.locator(MENU_ROW).evaluateAll((els: Array<{ getAttribute(name: string): string | null }>) => els.map((el) => el.getAttribute('aria-label') ?? ''))).filter((label) => label !== '');
  } finally {
    await page.keyboard.press('Escape');
    await page.locator('.context-view .action-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }
}

/** Waits until the model picker offers a row matching `matcher`; returns that row's label. */
export async function waitForModelOffered(page: Page, matcher: RegExp, timeoutMs = 30_000): Promise<string> {
  const rows = await until(() => readModelPicker(page), (labels) => labels.some((l) => matcher.test(l)), `the model picker to offer ${String(matcher)}`, timeoutMs, 500);
  return rows.find((l) => matcher.test(l))!;
}

/** Picks `name` (e.g. "Bedrock: haiku (resilient)") in the model picker and waits for the input to show it. */
export async function pickModel(page: Page, name: string): Promise<void> {
  await openChat(page);
  if ((await chatModel(page)) === name) return;
  await page.locator(MODEL_PICKER).first().click();
  await page.locator(MENU_FILTER).fill(name);
  const row = page.locator(MENU_ROW).filter({ has: page.locator('.title', { hasText: name }) });
  await row.first().click({ timeout: 10_000 });
  await until(() => chatModel(page), (model) => model === name, `the model picker to show "${name}"`, 10_000, 100);
}

/** Drags the Chat view's left edge so it is about `width` pixels wide: legible tables in the screenshots, and below the 600 px where the sessions list would take half of it. */
export async function widenChat(page: Page, width = 590): Promise<void> {
  const bar = await page.locator('.part.auxiliarybar').boundingBox();
  if (!bar || bar.width >= width) return;
  const y = bar.y + bar.height / 2;
  await page.mouse.move(bar.x - 2, y); // the sash between the editors and the secondary side bar
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width - width, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(bar.x + bar.width - width - 200, y); // off the sash, so it is not drawn highlighted
}

/**
 * The Chat view ready for our requests: the extension active, the picker offering our
 * routes, Ask mode, and `model` picked (if given).
 */
export async function prepareChat(page: Page, options: { model?: string } = {}): Promise<void> {
  await waitForStatusBarItem(page, STATUS_ITEM, 60_000);
  await openChat(page);
  await widenChat(page);
  await waitForModelOffered(page, /^Bedrock( default)?: .+ \(resilient\)/);
  await switchToAskMode(page);
  if (options.model) await pickModel(page, options.model);
  else firstModel ??= await until(() => chatModel(page), (model) => model.startsWith('Bedrock'), 'one of our models to be selected', 10_000, 100);
}

let firstModel: string | undefined;

/** The model the Chat view had selected by itself when the shared workbench first prepared it (nothing picked, nothing remembered). */
export function preselectedModel(): string | undefined {
  return firstModel;
}

/** Scrolls the chat to its end if it shows the "scroll down" button (a response grew after the view followed it), so a screenshot shows the end of the last answer. */
export async function scrollChatToEnd(page: Page): Promise<void> {
  const button = page.locator('.chat-scroll-down').filter({ visible: true });
  if ((await button.count()) === 0) return;
  await button.first().click();
  await button.first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/** The newest response as an element (for its tables and buttons). */
export function latestResponse(page: Page): Locator {
  return page.locator('.interactive-item-container.interactive-response.chat-most-recent-response').filter({ visible: true }).last();
}

export interface StatusTarget {
  id: string;
  health: string;
  model: string;
  profile: string;
  region: string;
  rpm: string;
  tpm: string;
  inFlight: string;
  ok: number;
  attempts: number;
}

/** The targets of a `/status` answer (one block of three lines per target, as the Chat view shows them), from its text. */
export function statusTargets(text: string): StatusTarget[] {
  const block = /^(\S+)\s+(.+)\n(\S+) · (\S+) · (\S+)\n(?:Gateway RPM (\S+) · )?(?:Gateway TPM (\S+) · )?in flight (\S+) · OK\/attempts (\d+)\/(\d+)/gm;
  return [...text.matchAll(block)].map((m) => ({ id: m[1]!, health: m[2]!.trim(), model: m[3]!, profile: m[4]!, region: m[5]!, rpm: m[6] ?? '-', tpm: m[7] ?? '-', inFlight: m[8]!, ok: Number(m[9]), attempts: Number(m[10]) }));
}

/** A table's rows as arrays of cell texts (header row included). */
export async function tableRows(table: Locator): Promise<string[][]> {
  const rows = table.locator('tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((s) => s.trim()));
  return out;
}

export interface WatchedResponse {
  /** The finished response's text. */
  text: string;
  /** Its text each time it was seen changing while still loading. */
  partials: string[];
}

/** Sends `message` and samples the response while it streams; returns the finished text and the partial texts seen. */
export async function sendAndWatch(page: Page, message: string, timeoutMs = 60_000): Promise<WatchedResponse> {
  await openChat(page);
  const before = await countChatTurns(page);
  await sendChatMessage(page, message);
  const partials: string[] = [];
  const deadline = Date.now() + timeoutMs;
  let response: ChatTurn | undefined;
  while (Date.now() < deadline) {
    response = (await readChatTurns(page)).find((t) => t.index >= before && t.kind === 'response');
    if (response && !response.loading && response.text.trim() !== '') return { text: response.text, partials };
    if (response?.loading && response.text !== partials[partials.length - 1]) partials.push(response.text);
    await page.waitForTimeout(25);
  }
  throw new Error(`no finished response to "${message}" within ${timeoutMs} ms (last: ${JSON.stringify(response)})`);
}

let shared: { workbench: Workbench; ready: Promise<void> } | undefined;

/**
 * One workbench, its Chat view prepared once, shared by the chat, model picker, settings and
 * status bar tests: each fresh workbench costs about 9 s (page load, extension host start,
 * activation, the first plain message). Opened by the first describe that asks for it and
 * closed when the run ends; tests share its extension host, so they count requests relative
 * to what they find and restore what they change. It saves each test's screenshot itself
 * (the root hook follows only the most recently opened workbench).
 */
export function useChatWorkbench(): () => Workbench {
  before(async function () {
    this.timeout(180_000);
    if (!shared) {
      const workbench = await openWorkbench({ name: 'chat workbench' });
      shared = { workbench, ready: prepareChat(workbench.page) };
    }
    await shared.ready;
  });
  afterEach(async function () {
    const test = this.currentTest;
    const page = shared?.workbench.page;
    if (!test || !page) return;
    await scrollChatToEnd(page).catch(() => undefined);
    if (getActivePage() !== page) await saveScreenshot(page, `${test.fullTitle()}${test.state === 'failed' ? ' FAILED' : ''}`).catch(() => undefined);
  });
  return () => {
    if (!shared) throw new Error('the chat workbench is not open (useChatWorkbench() must be called inside describe())');
    return shared.workbench;
  };
}

// Registered on the root suite when the first spec file imports this module: runs once, at the end.
after(async () => {
  await shared?.workbench.close();
  shared = undefined;
});
