import * as vscode from 'vscode';
import type { AwsDemoSettings, DemoLine, DemoResult } from '../demos';
import { PATTERNS, PATTERN_TITLES, type Pattern } from '../demos/types';
import { type Log } from './log';
import { type Services } from './services';

export type DemoChoice = Pattern | 'all';

export const DEMO_CHOICES: readonly DemoChoice[] = [...PATTERNS, 'all'];

export function isDemoChoice(value: string): value is DemoChoice {
  return (DEMO_CHOICES as readonly string[]).includes(value);
}

export function demoTitle(choice: DemoChoice): string {
  return choice === 'all' ? 'All five patterns' : PATTERN_TITLES[choice];
}

export interface DemoRun {
  results: DemoResult[];
  /** The results as markdown tables (for chat and the results view). */
  markdown: string;
}

/**
 * Runs the pattern demos for the command, `/demo` and (later) the dashboard, and tells
 * listeners about each finished run. The demo code loads on first use. In `aws` mode
 * with `resilientLlm.demo` set the demos run against real Bedrock; otherwise against
 * their own seeded simulator, so the tables repeat run after run.
 */
export class DemoService implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DemoResult[]>();
  /** Fires with the results of every finished run (the dashboard shows them). */
  readonly onDidRunDemo = this.emitter.event;
  private last: DemoResult[] = [];

  constructor(
    private readonly services: Services,
    private readonly log: Log,
  ) {}

  get lastResults(): readonly DemoResult[] {
    return this.last;
  }

  async run(choice: DemoChoice, options: { signal?: AbortSignal; onLine?: (line: DemoLine, pattern: Pattern) => void } = {}): Promise<DemoRun> {
    const demos = await import('../demos');
    const settings = this.services.currentSettings();
    const aws = settings.mode === 'aws' ? (settings as { demo?: AwsDemoSettings }).demo : undefined;
    if (settings.mode === 'aws' && !aws) this.log.warn('resilientLlm.demo is not set, so the demo runs against the simulator; set it (user settings) to run the demos on your AWS accounts.');
    const patterns = choice === 'all' ? PATTERNS : [choice];
    const results: DemoResult[] = [];
    for (const pattern of patterns) {
      if (options.signal?.aborted) break;
      this.log.info(`Running the ${PATTERN_TITLES[pattern]} demo (${aws ? 'AWS' : 'simulator'})...`);
      let result: DemoResult;
      try {
        result = await demos.runDemo(pattern, { signal: options.signal, aws, onLine: (line) => options.onLine?.(line, pattern) });
      } catch (err) {
        this.log.warn(options.signal?.aborted ? `The ${PATTERN_TITLES[pattern]} demo was cancelled.` : `The ${PATTERN_TITLES[pattern]} demo failed: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
      for (const line of demos.formatSummaryText(result).split('\n')) this.log.info(`  ${line}`);
      results.push(result);
    }
    this.last = results;
    if (results.length > 0) this.emitter.fire(results);
    return { results, markdown: results.map(demos.demoMarkdown).join('\n\n---\n\n') };
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
