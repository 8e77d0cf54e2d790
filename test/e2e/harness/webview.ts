// A webview's content frame: VS Code hosts each webview in iframe.webview, whose document
// holds the extension's page in a nested iframe#active-frame.
import { type Frame, type Page } from 'playwright-core';
import { type DomGlobal } from './dom';

export interface WebviewQuery {
  /** A selector that must exist inside the webview's own document. */
  selector?: string;
  /** Text the webview's body must contain. */
  text?: string;
}

async function candidateFrames(page: Page): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (const outer of await page.locator('iframe.webview').elementHandles()) {
    try {
      const outerFrame = await outer.contentFrame();
      const inner = await outerFrame?.$('iframe#active-frame');
      const innerFrame = await inner?.contentFrame();
      if (innerFrame) frames.push(innerFrame);
    } catch {
      // A webview replaced its page while we looked ("Frame was detached"): the next poll sees the new one.
    }
  }
  return frames;
}

/** Waits for a webview whose document matches the query and returns its frame. */
export async function findWebviewFrame(page: Page, query: WebviewQuery = {}, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of await candidateFrames(page)) {
      const ok = await frame
        .evaluate(({ selector, text }) => {
          const { document } = globalThis as unknown as DomGlobal;
          return (!selector || document.querySelector(selector) !== null) && (!text || document.body.innerText.includes(text));
        }, query)
        .catch(() => false);
      if (ok) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview matching ${JSON.stringify(query)} within ${timeoutMs} ms`);
}
