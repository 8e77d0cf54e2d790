import * as vscode from 'vscode';
import { type ConfigProblem, type RequestRecord, describeService, formatProblem } from '../router';

/** Lines kept for `lines()`. */
const TAIL_LINES = 5_000;

/**
 * The "Resilient LLM" log: one line per request record and every configuration problem.
 * Nothing secret goes in: records and problems carry profile names, never keys or tokens.
 */
export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly tail: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Resilient LLM', { log: true });
  }

  /** The last lines written to the channel ("warn: ..."), oldest first: what the extension's tests read. */
  lines(): readonly string[] {
    return [...this.tail];
  }

  /** Logging never throws: during shutdown the channel to the window may already be closed. */
  private write(level: 'info' | 'warn' | 'error', message: string): void {
    this.tail.push(`${level}: ${message}`);
    if (this.tail.length > TAIL_LINES) this.tail.splice(0, this.tail.length - TAIL_LINES);
    try {
      this.channel[level](message);
    } catch {
      // the window is gone; nobody can read the line
    }
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  /** "r3 succeeded · tenant sample-workspace · route sonnet · sonnet-a (…), 1 attempt · 1.2 s · 45 in / 60 out tokens · $0.0011" */
  record(r: RequestRecord): void {
    const parts = [`${r.id} ${r.outcome}`, `tenant ${r.tenant}`, ...(r.client ? [`client ${r.client}`] : []), `route ${r.route}`];
    if (r.servedBy) parts.push(describeService(r));
    else if (r.attempts.length > 0) parts.push(`${r.attempts.length} attempt${r.attempts.length === 1 ? '' : 's'}`);
    parts.push(`${(r.totalMs / 1000).toFixed(2)} s`);
    if (r.usage) {
      const cache = r.usage.cacheReadInputTokens || r.usage.cacheWriteInputTokens ? ` (cache ${r.usage.cacheReadInputTokens ?? 0} read, ${r.usage.cacheWriteInputTokens ?? 0} written)` : '';
      parts.push(`${r.usage.inputTokens} in / ${r.usage.outputTokens} out tokens${cache}`);
    }
    if (r.costUsd) parts.push(`$${r.costUsd.toFixed(4)}`);
    if (r.outcome !== 'succeeded' && r.message) parts.push(r.message);
    const line = parts.join(' · ');
    if (r.outcome === 'succeeded' || r.outcome === 'cancelled') this.info(line);
    else this.warn(line);
  }

  problems(problems: readonly ConfigProblem[], servingLastGood: boolean): void {
    this.error(`Invalid settings (${problems.length} problem${problems.length === 1 ? '' : 's'}); ${servingLastGood ? 'the last good configuration keeps serving' : 'no route can serve until they are fixed'}:`);
    for (const p of problems) this.error(`  ${formatProblem(p)}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
