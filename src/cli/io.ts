/** What a CLI command writes to, so tests can run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  isTTY?: boolean;
  /** Resolves when the process should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<string>;
}

export const PROCESS_IO: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  get isTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

/** Bad command-line input: printed with the command's usage, exit status 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function numberOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Turns parseArgs' errors into a UsageError that names the flag. */
export function usageFromParseError(err: unknown): UsageError {
  const message = err instanceof Error ? err.message.replace(/\. To specify.*$/s, '').replace(/^Unknown option '(.+?)'.*/s, 'unknown option $1') : String(err);
  return new UsageError(message);
}

/** Resolves with the first SIGINT or SIGTERM (Ctrl+C, or a script stopping a long-running command). */
export function untilSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolveSignal(signal);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}
