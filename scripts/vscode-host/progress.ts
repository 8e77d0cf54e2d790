// A progress line while a long step runs with its output in a log file (provisioning code-server
// compiles native modules for minutes and prints nothing to the terminal): every interval, how
// long it has run, what it expects, and the log's latest line, so a person sees it is moving.
import { tailOf } from './run';

export interface ProgressOptions {
  /** "installing code-server" */
  what: string;
  /** "usually 3 to 10 minutes on 2 cores" */
  expected: string;
  logFile?: string;
  intervalMs?: number;
  print?: (line: string) => void;
  now?: () => number;
  every?: (ms: number, fn: () => void) => () => void;
}

/** The log's last meaningful line, shortened: what the step is doing now. */
export function latestActivity(log: string, max = 90): string | undefined {
  const line = log
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^npm (warn|notice)/i.test(l))
    .at(-1);
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** Starts printing progress lines; returns the function that stops them. */
export function startProgress(o: ProgressOptions): () => void {
  const now = o.now ?? Date.now;
  const print = o.print ?? ((line: string) => console.log(line));
  const every = o.every ?? ((ms, fn) => {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  });
  const started = now();
  return every(o.intervalMs ?? 15_000, () => {
    const s = Math.round((now() - started) / 1000);
    const elapsed = s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
    const activity = o.logFile ? latestActivity(tailOf(o.logFile, 20)) : undefined;
    print(`[provision] still ${o.what}: ${elapsed} so far (${o.expected})${activity ? `; now: ${activity}` : ''}`);
  });
}
