import { parseArgs } from 'node:util';
import { goalsTable, runBench } from '../bench';
import { type CliIo, PROCESS_IO, UsageError, usageFromParseError } from './io';

export const BENCH_USAGE = `Usage: resilient-llm bench [--quick] [--json]

Runs the benchmarks side by side in one process and prints a table for each:
router overhead, limit exactness under concurrency, routing quality against the
capacity limit, cost, a slow Region, the real-world run against the SDK's adaptive
mode (real SDK + simulator), and footprint. The numbers are also written as JSON
under bench/results/.

Options:
  --quick   shorter runs (about three minutes)
  --json    print the JSON instead of tables
`;

export async function runBenchCommand(argv: string[], io: CliIo = PROCESS_IO, root = process.cwd()): Promise<number> {
  let quick: boolean;
  let json: boolean;
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout(BENCH_USAGE);
      return 0;
    }
    quick = values.quick ?? false;
    json = values.json ?? false;
  } catch (err) {
    io.stderr(`resilient-llm bench: ${(err instanceof UsageError ? err : usageFromParseError(err)).message}\n\n${BENCH_USAGE}`);
    return 1;
  }
  const { results, file } = await runBench({
    quick,
    root,
    onTable: json ? undefined : (t) => io.stdout(`\n${t}\n`),
    onProgress: io.isTTY && !json ? (m) => io.stderr(`\r\x1b[K... ${m}`) : undefined,
  });
  if (io.isTTY && !json) io.stderr('\r\x1b[K');
  if (json) io.stdout(`${JSON.stringify(results, null, 2)}\n`);
  else io.stdout(`\n${goalsTable(results.goals)}\n\nWritten to ${file}\n`);
  return 0;
}
