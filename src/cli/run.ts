import { parseArgs } from 'node:util';
import { textTable } from '../demos';
import { type TrafficResult, runTraffic } from '../demos/traffic';
import { formatProblem, validateSettings } from '../router';
import { knownAwsProfiles } from './awsProfiles';
import { loadConfigFile } from './configFile';
import { awsRunClock } from './simulatorClock';
import { type CliIo, PROCESS_IO, UsageError, integerOption, usageFromParseError } from './io';

export const RUN_USAGE = `Usage: resilient-llm run --config FILE [options]

Sends synthetic traffic through the router with the routes of a settings-shaped
JSON file, against the embedded Bedrock simulator ("resilientLlm.simulator" in the
same file sets its seed, time scale and fault scenario) unless --aws is given.
With "resilientLlm.redis.url" (and "resilientLlm.redis.keyPrefix") in the file, limits
are shared through that Redis with every other process using it, as in VS Code.

Options:
  --config FILE       settings-shaped JSON (as settings.json; comments allowed)
  --route NAME        route to send to (default: the default route)
  --requests N        how many requests (default 20)
  --concurrency C     requests in flight at once (default 10)
  --tenant NAME       workspace (tenant) the traffic belongs to (default "cli")
  --json              print JSON
  --aws               send to real Amazon Bedrock with your AWS profiles (or to the
                      "resilientLlm.endpoint" of the file, e.g. a simulator started with
                      resilient-llm simulate, whose time scale the router then follows)
  --time-scale K      with --aws: simulated ms per real ms for the router's limits and
                      waits (default: the simulator's own, else 1)
  -h, --help          show this help
`;

function timeScaleOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const k = Number(text);
  if (!(k > 0) || !Number.isFinite(k) || k > 10_000) throw new UsageError(`--time-scale must be a positive number up to 10000, got "${text}"`);
  return k;
}

function printResult(r: TrafficResult, io: CliIo): void {
  io.stdout(`Requests ${r.requests}: succeeded ${r.succeeded}, rate limited ${r.rateLimited}, failed ${r.failed}; provider throttles ${r.providerThrottles}.\n`);
  io.stdout(`Latency (succeeded): p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms.\n\n`);
  io.stdout(`By target\n${textTable(['Target', 'Requests'], Object.entries(r.byTarget).sort())}\n\n`);
  io.stdout(`By Region\n${textTable(['Region', 'Requests'], Object.entries(r.byRegion).sort())}\n`);
  const errors = Object.entries(r.errors).sort((a, b) => b[1] - a[1]);
  if (errors.length) io.stdout(`\nWhy requests did not succeed:\n${errors.slice(0, 5).map(([m, n]) => `  ${n} x ${m}`).join('\n')}\n`);
}

export async function runRunCommand(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let v: { config: string; route?: string; requests: number; concurrency: number; tenant: string; json: boolean; aws: boolean; timeScale?: number };
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        route: { type: 'string' },
        requests: { type: 'string' },
        concurrency: { type: 'string' },
        tenant: { type: 'string' },
        json: { type: 'boolean', default: false },
        aws: { type: 'boolean', default: false },
        'time-scale': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(RUN_USAGE);
      return 0;
    }
    if (!values.config) throw new UsageError('--config FILE is required');
    if (values.tenant !== undefined && !/^.{1,128}$/.test(values.tenant)) throw new UsageError('--tenant must be 1 to 128 characters');
    v = {
      config: values.config,
      route: values.route,
      requests: integerOption('requests', values.requests, 1, 1_000_000) ?? 20,
      concurrency: integerOption('concurrency', values.concurrency, 1, 10_000) ?? 10,
      tenant: values.tenant ?? 'cli',
      json: values.json!,
      aws: values.aws!,
      timeScale: timeScaleOption(values['time-scale']),
    };
    if (v.timeScale !== undefined && !v.aws) throw new UsageError('--time-scale is for --aws; without it, "resilientLlm.simulator.timeScale" in the file sets the embedded simulator\'s');
  } catch (err) {
    io.stderr(`resilient-llm run: ${(err instanceof UsageError ? err : usageFromParseError(err)).message}\n\n${RUN_USAGE}`);
    return 1;
  }
  const { settings: raw, redis } = await loadConfigFile(v.config);
  if (v.aws) raw.mode = 'aws';
  const validation = validateSettings(raw, v.aws ? await knownAwsProfiles() : {});
  if (!validation.ok) {
    for (const p of validation.problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(`${v.config} is not valid; nothing was sent. Fix it (resilient-llm validate --config ${v.config}) and try again.\n`);
    return 1;
  }
  if (v.route !== undefined && !validation.config.routes.has(v.route)) {
    io.stderr(`resilient-llm run: no route named "${v.route}" in ${v.config}; routes: ${[...validation.config.routes.keys()].join(', ')}\n`);
    return 1;
  }
  const clock = v.aws ? await awsRunClock(validation.config.settings.endpoint, v.timeScale) : undefined;
  if (clock && clock.source !== 'real time' && !v.json) io.stderr(`Limits and waits follow ${clock.source}.\n`);
  const progress = !v.json && io.isTTY && v.requests >= 100;
  const result = await runTraffic({
    config: validation.config,
    route: v.route,
    requests: v.requests,
    concurrency: v.concurrency,
    tenant: v.tenant,
    aws: v.aws,
    redis,
    onLimits: v.json ? undefined : (message) => io.stderr(`${message}\n`),
    onQuotas: v.json ? undefined : { info: (line) => io.stdout(`${line}\n`), warn: (line) => io.stderr(`${line}\n`) },
    clock: clock?.clock,
    onProgress: progress ? (done, total) => done % 50 === 0 && io.stderr(`\r${done}/${total} requests`) : undefined,
  });
  if (progress) io.stderr('\r\x1b[K');
  if (v.json) {
    const { errors: _errors, ...json } = result;
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else printResult(result, io);
  return 0;
}
