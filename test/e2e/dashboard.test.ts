// The dashboard as a person sees it: code-server with the packaged .vsix, driven through the
// command palette, the Chat view and the dashboard's own buttons. Each test's screenshot is saved
// under test-artifacts/e2e/ by the root hooks; the theme test saves one per theme.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { type Frame, type Page } from 'playwright-core';
import { findWebviewFrame, getSession, readStatusBar, runCommand, saveScreenshot, useWorkbench, waitForNotification, waitForWorkbenchReady } from './harness';

const XSS = '<img src=x onerror=window.__xss=1>';

/** Picks the row of the open quick pick whose label starts with `label`. */
async function pickQuickItem(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(label);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: label });
  await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
}

/** Opens (or reveals) the dashboard and returns its frame once the page has rendered. */
async function openDashboard(page: Page, selector = '#live-body .targets'): Promise<Frame> {
  // Keys typed while a webview has the focus can miss the workbench: give it the focus first.
  await page.locator('.part.sidebar .composite.title .title-label').first().click();
  await runCommand(page, 'Resilient LLM: Open Dashboard');
  return findWebviewFrame(page, { selector });
}

/** Polls `read` in the frame until `accept` takes its value. */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/** A table's body rows as arrays of cell texts. */
async function tableRows(frame: Frame, tableSelector: string): Promise<string[][]> {
  const rows = frame.locator(`${tableSelector} tbody tr`);
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((s) => s.trim()));
  return out;
}

/** WCAG contrast ratio of two computed CSS colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('dashboard', () => {
  const wb = useWorkbench();

  it('shows the fallback demo run from the command palette: 3 on the primary, 7 on the fallback, 10/10', async () => {
    const { page } = wb();
    await runCommand(page, 'Resilient LLM: Run Pattern Demo');
    await pickQuickItem(page, 'Model fallback');
    await waitForNotification(page, /Model fallback: 10\/10 succeeded/, 60_000);
    // A click on the status bar item opens the dashboard.
    await page.locator('.part.statusbar .statusbar-item', { hasText: /Bedrock \d+\/\d+ rpm/ }).first().click();
    const frame = await findWebviewFrame(page, { selector: 'article.demo[data-pattern="fallback"]' });
    const card = 'article.demo[data-pattern="fallback"]';
    // The table beside the chart, and the chart itself, with the same numbers.
    assert.deepEqual(await tableRows(frame, `${card} .figure-table table`), [
      ['fallback', '7', '70%'],
      ['primary', '3', '30%'],
    ]);
    assert.equal(await frame.locator(`${card} .figure-table caption`).innerText(), 'Requests by target');
    assert.deepEqual(await frame.locator(`${card} svg.chart text.chart-label`).allTextContents(), ['fallback', 'primary']);
    assert.deepEqual(await frame.locator(`${card} svg.chart text.chart-value`).allTextContents(), ['7', '3']);
    assert.equal(await frame.locator(`${card} svg.chart rect.bar`).count(), 2);
    assert.equal(await frame.locator(`${card} .stat`, { hasText: 'Succeeded' }).locator('dd').innerText(), '10/10');
    assert.equal(await frame.locator(`${card} .stat`, { hasText: 'Success rate' }).locator('dd').innerText(), '100%');
    await frame.locator(card).scrollIntoViewIfNeeded();
  });

  it('shows a quota-isolation run from its button: tenant-a 3 served and 2 rate limited, tenant-b 5/5, tenant-c 5/5', async () => {
    const { page } = wb();
    const frame = await openDashboard(page);
    await frame.locator('button[data-demo="quota-isolation"]').click();
    await frame.locator('article.demo[data-pattern="quota-isolation"]').waitFor({ state: 'visible', timeout: 60_000 });
    const card = 'article.demo[data-pattern="quota-isolation"]';
    assert.deepEqual(await tableRows(frame, `${card} .figure-table table`), [
      ['tenant-a', '3', '2', '0', '5'],
      ['tenant-b', '5', '0', '0', '5'],
      ['tenant-c', '5', '0', '0', '5'],
    ]);
    assert.deepEqual(await frame.locator(`${card} .figure-table thead th`).allInnerTexts(), ['Workspace', 'Succeeded', 'Rate limited', 'Failed', 'Sent']);
    assert.deepEqual(await frame.locator(`${card} svg.chart text.chart-value`).allTextContents(), ['3/5', '5/5', '5/5']);
    assert.equal(await frame.locator(`${card} svg.chart rect.bar.limited`).count(), 1, 'one rate-limited segment: tenant-a');
    assert.match(await frame.locator('#status').innerText(), /Finished: Multi-tenant quota isolation/);
    await frame.locator(card).scrollIntoViewIfNeeded();
  });

  it('follows live traffic: a request shows in flight on its target, then in the counters, the recent list and the status bar', async () => {
    const { page } = wb();
    // Requests in flight are counted against a concurrency limit: give haiku one (workspace settings, read live).
    const { settingsFile } = getSession();
    const original = fs.readFileSync(settingsFile, 'utf8');
    const settings = JSON.parse(original) as Record<string, unknown>;
    settings['resilientLlm.targets'] = [
      { id: 'sonnet-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 20, tpm: 200000 },
      { id: 'sonnet-b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 20, tpm: 200000 },
      { id: 'haiku', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', rpm: 50, tpm: 400000, maxConcurrent: 4 },
    ];
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    try {
      const frame = await openDashboard(page);
      await until(() => frame.locator('article.target[data-target="haiku"] .meter-row', { hasText: 'Concurrency' }).innerText(), (t) => /0\/4 in flight/.test(t), 'the new concurrency limit to show');
      const totals = async () => Number(/(\d+) requests:/.exec(await frame.locator('#live-body .facts-line').innerText())?.[1] ?? NaN);
      const statusBar = async () => (await readStatusBar(page)).find((i) => /Bedrock \d+\/\d+ rpm/.test(i.text))?.text ?? '';
      const before = { totals: await totals(), statusBar: await statusBar() };
      assert.ok(Number.isFinite(before.totals), 'the totals line shows a request count');
      const rpm = (text: string) => Number(/Bedrock (\d+)\//.exec(text)?.[1] ?? NaN);
      assert.ok(Number.isFinite(rpm(before.statusBar)), `the status bar item: ${before.statusBar}`);

      // A request from the dashboard's own form, on the haiku route (one target): watch its card while it flows.
      const haiku = frame.locator('article.target[data-target="haiku"]');
      const attempts = () => haiku.locator('dd.attempts').innerText();
      const start = await attempts();
      // Every render replaces the live section: note whether one ever showed the request in flight (it may last a moment only).
      await frame.evaluate(() => {
        const g = globalThis as unknown as { __inFlight?: boolean; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void }; document: { getElementById(id: string): { querySelector(s: string): { textContent: string } | null } } };
        const live = g.document.getElementById('live-body');
        new g.MutationObserver(() => {
          if (/(^|\D)1\/4 in flight/.test(live.querySelector('article.target[data-target="haiku"]')?.textContent ?? '')) g.__inFlight = true;
        }).observe(live, { childList: true, subtree: true });
      });
      await frame.locator('#ask select').selectOption('haiku');
      await frame.locator('#ask input[name="prompt"]').fill('Say hello to the dashboard');
      await frame.locator('#ask button[type="submit"]').click();
      await until(() => frame.evaluate(() => (globalThis as { __inFlight?: boolean }).__inFlight === true), (seen) => seen, 'haiku to show the request in flight');
      const after = await until(attempts, (t) => t !== start, "haiku's answer counter to change");
      assert.match(after, /^\d+ of \d+ attempts$/);
      await frame.locator('#answer .answer-text').waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await frame.locator('#answer').innerText(), /Served by haiku/);
      await until(() => haiku.locator('.meter-row', { hasText: 'Concurrency' }).innerText(), (t) => /\b0\/4 in flight/.test(t), 'haiku to show nothing in flight');
      await until(totals, (n) => n === before.totals + 1, 'the totals to count the request');
      await until(statusBar, (t) => rpm(t) === rpm(before.statusBar) + 1, 'the status bar to count the request');

      // The recent list has it, expandable to its attempt path.
      const newest = frame.locator('ol.recent > li').first();
      assert.match(await newest.locator('summary').innerText(), /succeeded haiku → haiku/);
      await newest.locator('summary').click();
      assert.match(await newest.locator('ol.attempts').innerText(), /haiku \(global\.anthropic\.claude-haiku-4-5.*· shard-a · us-east-1, route haiku\): answered/);

      // Bedrock's units: haiku's pool in tokens per minute (after burndown) and today, its limits read from the simulator's Service Quotas.
      const pool = frame.locator('article.pool', { hasText: 'shard-a us-east-1 Claude Haiku 4.5 (cross-Region)' });
      const perMinute = await until(() => pool.locator('.meter-row', { hasText: 'Per minute' }).innerText(), (t) => /[1-9][\d,]*\/50,000,000 tokens\/min/.test(t), "haiku's pool to show its tokens against the Service Quotas limit");
      assert.match(perMinute, /tokens\/min/);
      assert.match(await pool.innerText(), /Limits per minute from Service Quotas · per day from Service Quotas\./);
      assert.match(await haiku.locator('.pool').innerText(), /Bedrock pool: shard-a us-east-1 Claude Haiku 4\.5 \(cross-Region\)/);
      await pool.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'dashboard-bedrock-pools');

      // The Routes table shows what the haiku route's answers cost (one target: the same as its most expensive).
      const cost = await until(() => frame.locator('tr[data-route="haiku"] td[data-cost]').innerText(), (t) => /for \d+ answers?/.test(t), "the haiku route's cost");
      assert.match(cost, /^\$[\d.]+ for \d+ answers? · same as its most expensive target$/);
      await frame.locator('tr[data-route="haiku"]').scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'dashboard route cost');
    } finally {
      fs.writeFileSync(settingsFile, original);
    }
  });

  it('shows a route description, a target label and a model answer containing <img onerror> as text, and runs nothing', async () => {
    const { page } = wb();
    const { settingsFile } = getSession();
    const original = fs.readFileSync(settingsFile, 'utf8');
    try {
      const settings = JSON.parse(original) as Record<string, unknown>;
      settings['resilientLlm.targets'] = [
        { id: 'sonnet-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 20 },
        { id: 'sonnet-b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 20 },
        { id: 'haiku', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', rpm: 50 },
        { id: 'xss-target', label: XSS, model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', rpm: 30 },
      ];
      settings['resilientLlm.routes'] = [
        { name: 'sonnet', targets: ['sonnet-a', 'sonnet-b'], fallbacks: ['haiku'] },
        { name: 'haiku', targets: ['haiku'] },
        { name: 'xss-route', targets: ['xss-target'], description: XSS },
      ];
      fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
      const frame = await openDashboard(page, 'tr[data-route="xss-route"]');
      assert.equal((await frame.locator('tr[data-route="xss-route"] td').last().innerText()).trim(), XSS);
      assert.equal((await frame.locator('article.target[data-target="xss-target"] .label').innerText()).trim(), XSS);

      // The simulator's answer repeats the question, so the model's answer carries the markup too.
      await frame.locator('#ask select').selectOption('xss-route');
      await frame.locator('#ask input[name="prompt"]').fill(`Repeat after me: ${XSS}`);
      await frame.locator('#ask button[type="submit"]').click();
      await frame.locator('#answer .answer-text').waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok((await frame.locator('#answer .answer-text').innerText()).includes(XSS), 'the answer shows the markup as text');

      const page_ = await frame.evaluate(() => {
        const g = globalThis as unknown as { __xss?: unknown; document: { querySelectorAll(s: string): { length: number }; body: { innerText: string } } };
        return { xss: g.__xss, images: g.document.querySelectorAll('img').length, text: g.document.body.innerText };
      });
      assert.equal(page_.xss, undefined, 'no handler ran');
      assert.equal(page_.images, 0, 'no <img> element was created');
      assert.ok(page_.text.split(XSS).length - 1 >= 3, 'description, label and answer all visible as text');
      await frame.locator('#answer').scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'dashboard markup shown as text');
    } finally {
      fs.writeFileSync(settingsFile, original);
    }
  });

  it('is readable in light, dark and high-contrast themes', async function () {
    this.timeout(300_000); // four themes, each picked in the palette
    const { page } = wb();
    const themes = ['Light Modern', 'Dark High Contrast', 'Light High Contrast', 'Dark Modern'];
    for (const theme of themes) {
      await runCommand(page, 'Preferences: Color Theme');
      await pickQuickItem(page, theme);
      const frame = await openDashboard(page, 'article.demo[data-pattern="fallback"]');
      await page.waitForTimeout(500); // the theme's variables reach the webview
      // No helper functions inside evaluate: the test runner's transpiler would name them with a helper the page lacks.
      const colours = await frame.evaluate(() => {
        const g = globalThis as unknown as { document: { body: unknown; querySelector(s: string): unknown }; getComputedStyle(e: unknown): { color: string; backgroundColor: string; fill: string } };
        const body = g.getComputedStyle(g.document.body);
        const primary = g.getComputedStyle(g.document.querySelector('button.primary'));
        return {
          text: body.color,
          background: body.backgroundColor,
          card: g.getComputedStyle(g.document.querySelector('article.demo')).backgroundColor,
          muted: g.getComputedStyle(g.document.querySelector('.facts-line')).color,
          chart: g.getComputedStyle(g.document.querySelector('text.chart-label')).fill,
          cell: g.getComputedStyle(g.document.querySelector('table.data td')).color,
          badge: g.getComputedStyle(g.document.querySelector('.badge')).color,
          barCount: g.getComputedStyle(g.document.querySelector('rect.bar.count')).fill,
          barOk: g.getComputedStyle(g.document.querySelector('rect.bar.ok')).fill,
          barLimited: g.getComputedStyle(g.document.querySelector('rect.bar.limited')).fill,
          button: primary.color,
          buttonBackground: primary.backgroundColor,
        };
      });
      const ratios = {
        text: contrast(colours.text, colours.background),
        muted: contrast(colours.muted, colours.background),
        chartLabel: contrast(colours.chart, colours.card),
        tableCell: contrast(colours.cell, colours.card),
        badge: contrast(colours.badge, colours.card),
        button: contrast(colours.button, colours.buttonBackground),
      };
      for (const [what, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${theme}: ${what} contrast ${ratio.toFixed(2)} (${JSON.stringify(colours)})`);
      // Bars are graphics (WCAG 1.4.11: 3:1), and no bar colour may be translucent.
      for (const what of ['barCount', 'barOk', 'barLimited'] as const) {
        assert.doesNotMatch(colours[what], /rgba\([^)]*,\s*0?\.\d+\)/, `${theme}: ${what} is translucent (${colours[what]})`);
        const ratio = contrast(colours[what], colours.card);
        assert.ok(ratio >= 3, `${theme}: ${what} contrast ${ratio.toFixed(2)} (${JSON.stringify(colours)})`);
      }
      await frame.locator('article.demo[data-pattern="fallback"]').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `dashboard theme ${theme}`);
    }
  });

  it('comes back with its content after Developer: Reload Window', async () => {
    const { page } = wb();
    await openDashboard(page, 'article.demo[data-pattern="fallback"]');
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
    await runCommand(page, 'Developer: Reload Window').catch(() => undefined); // the page goes away under the palette
    await reloaded;
    await waitForWorkbenchReady(page);
    // No command: the serializer brings the panel back, its page renders what it kept, then the extension's live state.
    const frame = await findWebviewFrame(page, { selector: 'article.demo[data-pattern="quota-isolation"]' }, 60_000);
    assert.deepEqual(await tableRows(frame, 'article.demo[data-pattern="fallback"] .figure-table table'), [
      ['fallback', '7', '70%'],
      ['primary', '3', '30%'],
    ]);
    await frame.locator('#live-body article.target[data-target="sonnet-a"]').waitFor({ state: 'visible', timeout: 30_000 });
    // The extension took the restored panel back: its buttons are answered again.
    await frame.locator('#ask select').selectOption('haiku');
    await frame.locator('#ask input[name="prompt"]').fill('Are you back?');
    await frame.locator('#ask button[type="submit"]').click();
    await until(() => frame.locator('#answer').innerText(), (t) => /Served by haiku/.test(t), 'an answer after the reload', 30_000);
    const tabs = await page.locator('.tabs-container .tab', { hasText: 'Resilient LLM Dashboard' }).count();
    assert.equal(tabs, 1, 'one dashboard tab');
  });

  it("shows a pool's learnt limit when another client in the account takes part of it (light and dark)", async function () {
    this.timeout(240_000);
    const { page } = wb();
    const { settingsFile, server } = getSession();
    const original = fs.readFileSync(settingsFile, 'utf8');
    const settings = JSON.parse(original) as Record<string, unknown>;
    const sonnet = 'us.anthropic.claude-sonnet-4-6';
    const shardA = { profile: 'shard-a', region: 'us-east-1', model: sonnet };
    settings['resilientLlm.targets'] = [
      { id: 'sonnet-a', model: sonnet, profile: 'shard-a', region: 'us-east-1' },
      { id: 'haiku-b', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-b', region: 'us-east-1' },
    ];
    settings['resilientLlm.routes'] = [
      { name: 'sonnet', targets: ['sonnet-a'], fallbacks: ['haiku'] },
      { name: 'haiku', targets: ['haiku-b'] },
    ];
    settings['resilientLlm.pools'] = [{ ...shardA, tpm: 20_000 }];
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    const ask = async (frame: Frame, prompt: string) => {
      const before = await frame.locator('#answer').innerText().catch(() => '');
      await frame.locator('#ask select').selectOption('sonnet');
      await frame.locator('#ask input[name="prompt"]').fill(prompt);
      await frame.locator('#ask button[type="submit"]').click();
      return until(() => frame.locator('#answer').innerText(), (t) => t !== before && /Served by/.test(t), `an answer to "${prompt}"`, 60_000);
    };
    try {
      const frame = await openDashboard(page);
      await frame.locator('#live-body article.target[data-target="sonnet-a"]').waitFor({ state: 'visible', timeout: 30_000 });
      await ask(frame, 'Hello'); // starts the simulator (simulated mode) if it is not running
      // The simulator the extension runs, from the log, and through its admin API: shard-a's pool really is 20,000 tokens
      // per minute, and a batch job in the same account, unseen by the router, takes 19,000 of it at the start of each
      // minute. The dashboard's requests reserve about 540 tokens each (input + maxTokens 512): one or two fit.
      const logs = (fs.readdirSync(server.vscodeLogsDir, { recursive: true }) as string[]).filter((f) => f.endsWith('Resilient LLM.log')).map((f) => fs.readFileSync(`${server.vscodeLogsDir}/${f}`, 'utf8'));
      const endpoint = [...logs.join('\n').matchAll(/Simulator started at (http:\/\/127\.0\.0\.1:\d+)/g)].at(-1)?.[1];
      assert.ok(endpoint, 'the log names the simulator');
      for (const [path, body] of [
        ['quotas', { ...shardA, tpm: 20_000 }],
        ['background-callers', { name: 'batch-job', ...shardA, tokensPerMinute: 19_000, tokensPerRequest: 500, pattern: 'bursty' }],
      ] as const) {
        const res = await fetch(`${endpoint}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        assert.ok(res.ok, `POST /__sim/${path}: ${res.status} ${await res.text()}`);
      }
      const pool = frame.locator('article.pool', { hasText: 'shard-a us-east-1 Claude Sonnet 4.6 (cross-Region)' });
      // Requests until Bedrock throttles one the router believed had room: each is still served (by haiku when throttled).
      const answers: string[] = [];
      for (let i = 0; i < 6 && (await pool.locator('.learnt').count()) === 0; i++) answers.push(await ask(frame, `Write a long story about a lighthouse, part ${i + 1}`));
      const learnt = await until(() => pool.locator('.learnt').innerText().catch(() => ''), (t) => t !== '', 'the pool card to say what was learnt', 30_000);
      assert.match(learnt, /^Learnt ≈ [\d,k]+ of 20k tokens\/min; another client may be using this account\.$/);
      assert.ok(answers.some((a) => /Served by haiku-b/.test(a)), `the throttled request went to haiku (${answers.join(' | ')})`);
      assert.match(await pool.locator('.meter-row', { hasText: 'Learnt' }).innerText(), /\/[\d,]+ tokens\/min/);
      assert.match(await pool.innerText(), /Limits per minute typed/);
      // The log says the router backed off, and why.
      const log = () => (fs.readdirSync(server.vscodeLogsDir, { recursive: true }) as string[]).filter((f) => f.endsWith('Resilient LLM.log')).map((f) => fs.readFileSync(`${server.vscodeLogsDir}/${f}`, 'utf8')).join('\n');
      await until(
        async () => log(),
        (t) => /\[warning\] Bedrock throttled shard-a us-east-1 Claude Sonnet 4\.6 \(cross-Region\) although the router had admitted only [\d,k]+ tokens in the last minute: backing off to 10k tokens\/min \(was 20k; quota 20k\)\. Another client may be using this account\./.test(t),
        'the log to say the router backed off',
      );
      for (const theme of ['Light Modern', 'Dark Modern']) {
        await runCommand(page, 'Preferences: Color Theme');
        await pickQuickItem(page, theme);
        const shown = await openDashboard(page);
        await page.waitForTimeout(500); // the theme's variables reach the webview
        const card = shown.locator('article.pool', { hasText: 'shard-a us-east-1 Claude Sonnet 4.6 (cross-Region)' });
        await card.scrollIntoViewIfNeeded();
        const colours = await shown.evaluate(() => {
          const g = globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
          return { learnt: g.getComputedStyle(g.document.querySelector('article.pool .learnt')).color, card: g.getComputedStyle(g.document.querySelector('article.pool')).backgroundColor };
        });
        const ratio = contrast(colours.learnt, colours.card);
        assert.ok(ratio >= 4.5, `${theme}: learnt text contrast ${ratio.toFixed(2)} (${JSON.stringify(colours)})`);
        await saveScreenshot(page, `dashboard learnt pool limit ${theme}`);
      }
    } finally {
      fs.writeFileSync(settingsFile, original);
    }
  });
});
