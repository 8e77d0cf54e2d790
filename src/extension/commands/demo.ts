import * as vscode from 'vscode';
import type { DemoResult } from '../../demos';
import { DEMO_CHOICES, type DemoChoice, type DemoService, demoTitle, isDemoChoice } from '../demos';
import { type Log } from '../log';
import { type MarkdownViews } from '../views/markdownView';
import { COMMANDS } from './ids';

const DETAILS: Record<DemoChoice, string> = {
  cris: '10 parallel requests to a US inference profile; which Regions served them',
  sharding: 'two accounts, 10 requests each; per-account success and Regions',
  fallback: 'primary at 3 RPM, fallback at 25 RPM; 10 concurrent requests',
  'load-balancing': 'two 3-RPM primaries and a fallback; 10 concurrent requests',
  'quota-isolation': 'a noisy workspace at 3 RPM next to two at 10 RPM',
  all: 'the five demos, one after another',
};

async function pick(): Promise<DemoChoice | undefined> {
  const items = DEMO_CHOICES.map((c) => ({ label: demoTitle(c), description: c, detail: DETAILS[c], choice: c }));
  return (await vscode.window.showQuickPick(items, { title: 'Run Pattern Demo', placeHolder: 'Which resilience pattern?', matchOnDescription: true }))?.choice;
}

/**
 * Run Pattern Demo: picks a pattern (or takes it as an argument), runs it with a cancellable
 * progress notification, and shows the result tables. Returns the results.
 */
export async function runDemoCommand(demos: DemoService, views: MarkdownViews, log: Log, pattern?: unknown): Promise<DemoResult[] | undefined> {
  const choice = typeof pattern === 'string' && isDemoChoice(pattern) ? pattern : await pick();
  if (!choice) return undefined;
  try {
    const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Resilient LLM: ${demoTitle(choice)} demo`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await demos.run(choice, { signal: controller.signal, onLine: (l, p) => progress.report({ message: `${p}: request ${l.request} ${l.outcome}${l.target ? ` on ${l.target}` : ''}` }) });
      } finally {
        sub.dispose();
      }
    });
    if (run.results.length === 0) return [];
    await views.show('Demo Results', run.markdown);
    const summary = run.results.map((r) => `${r.title}: ${r.succeeded}/${r.requests} succeeded${r.rateLimited ? `, ${r.rateLimited} rate limited` : ''}`).join('; ');
    void vscode.window.showInformationMessage(summary, 'Open Dashboard').then((c) => c && vscode.commands.executeCommand(COMMANDS.openDashboard));
    return run.results;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Demo ${choice} failed: ${message}`);
    if (!/cancelled/i.test(message)) void vscode.window.showErrorMessage(`The ${demoTitle(choice)} demo failed: ${message}`);
    return undefined;
  }
}
