import { parseArgs } from 'node:util';
import { type AwsDemoSettings, type DemoResult, PATTERNS, demoJson, formatDemoText, formatLine, isPattern, runDemo } from '../demos';
import { loadSettingsFile } from './configFile';
import { type CliIo, PROCESS_IO, UsageError, integerOption, numberOption, usageFromParseError } from './io';
import { parseAwsDemoSettings } from './awsDemoSettings';

export const DEMO_USAGE = `Usage: resilient-llm demo <${PATTERNS.join('|')}|all> [options]

Runs the resilience pattern demos through the router: against the embedded
Bedrock simulator (seeded, repeatable) unless --aws is given.

Options:
  --requests N     requests per demo unit (default: the seed's numbers); larger runs
                   scale every limit in proportion and report latency percentiles
  --seed N         simulator seed (default: the seed that reproduces the published results)
  --time-scale K   simulated time runs K times faster than real time
  --global         CRIS demo: use the global. inference profile
  --json           print JSON instead of tables (an array for "all")
  --aws            run against real Amazon Bedrock (needs --config)
  --config FILE    settings-shaped JSON with "resilientLlm.demo" (profiles, Region, models, log group)
  -h, --help       show this help
`;

export async function runDemoCommand(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let which: string;
  let opts: { requests?: number; seed?: number; timeScale?: number; json: boolean; global: boolean; aws?: AwsDemoSettings };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        requests: { type: 'string' },
        seed: { type: 'string' },
        'time-scale': { type: 'string' },
        global: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        aws: { type: 'boolean', default: false },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(DEMO_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name a demo, or "all"' : `one demo at a time, got ${positionals.join(' ')}`);
    which = positionals[0]!;
    if (which !== 'all' && !isPattern(which)) throw new UsageError(`unknown demo "${which}"; choose one of ${PATTERNS.join(', ')} or all`);
    if (values.aws && !values.config) throw new UsageError('--aws needs --config FILE with your "resilientLlm.demo" settings (see docs/cli.md, "The demos against real AWS")');
    opts = {
      requests: integerOption('requests', values.requests, 1, 100_000),
      seed: integerOption('seed', values.seed, 0, 2 ** 32 - 1),
      timeScale: numberOption('time-scale', values['time-scale'], 0.001, 10_000),
      json: values.json!,
      global: values.global!,
      aws: values.aws ? parseAwsDemoSettings(await loadSettingsFile(values.config!), values.config!) : undefined,
    };
  } catch (err) {
    io.stderr(`resilient-llm demo: ${(err instanceof UsageError ? err : usageFromParseError(err)).message}\n\n${DEMO_USAGE}`);
    return 1;
  }
  const patterns = which === 'all' ? [...PATTERNS] : [which as (typeof PATTERNS)[number]];
  const results: DemoResult[] = [];
  for (const pattern of patterns) {
    let done = 0;
    const showLines = !opts.json && (opts.requests ?? 0) <= 50;
    const progress = !opts.json && !showLines && io.isTTY;
    if (showLines) io.stdout(`\nRunning the ${pattern} demo...\n`);
    const result = await runDemo(pattern, {
      ...opts,
      onLine: (line) => {
        done++;
        if (showLines) io.stdout(`${formatLine(line)}\n`);
        else if (progress && done % 50 === 0) io.stderr(`\r${pattern}: ${done} requests done`);
      },
    });
    if (progress) io.stderr('\r\x1b[K');
    results.push(result);
    if (!opts.json) io.stdout(`\n${formatDemoText(result, false)}\n`);
  }
  if (opts.json) io.stdout(`${JSON.stringify(which === 'all' ? results.map(demoJson) : demoJson(results[0]!), null, 2)}\n`);
  return 0;
}
