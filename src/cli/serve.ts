/**
 * `resilient-llm serve`: the loopback gateway from the command line, in front of the routes
 * of a settings-shaped file, against the embedded simulator (or Amazon Bedrock with --aws),
 * until SIGINT or SIGTERM. Prints `endpoint:` and `token:` lines for scripts.
 */
import { parseArgs } from 'node:util';
import { SystemClock } from '../core/clock';
import { seededRandom } from '../core/rng';
import { poolDiscoveryFor } from '../demos/quotaDiscovery';
import { simulatedBackend } from '../demos/traffic';
import { Gateway, exportLines, gatewayVariables, newToken, takeGatewaySettings } from '../gateway';
import { BedrockProvider } from '../providers/bedrock/provider';
import { Router, formatProblem, validateSettings } from '../router';
import { knownAwsProfiles } from './awsProfiles';
import { loadSettingsFile } from './configFile';
import { type CliIo, PROCESS_IO, UsageError, untilSignal, integerOption, usageFromParseError } from './io';

export const SERVE_USAGE = `Usage: resilient-llm serve --config FILE [options]

Serves the routes of a settings-shaped JSON file on a loopback endpoint that Bedrock
Runtime clients (AWS SDKs, Claude Code, @anthropic-ai/bedrock-sdk) and OpenAI-compatible
clients use unmodified, against the embedded Bedrock simulator unless --aws is given.
Runs until interrupted (Ctrl+C, SIGTERM).

Options:
  --config FILE     settings-shaped JSON (as settings.json; comments allowed)
  --port N          TCP port on 127.0.0.1 (default 0: any free port)
  --tenant NAME     workspace (tenant) whose quota the requests count against (default "cli")
  --aws             send to real Amazon Bedrock with your AWS profiles
  -h, --help        show this help

The token changes on every start; RESILIENT_LLM_GATEWAY_TOKEN sets it instead.
`;

export async function runServe(argv: string[], io: CliIo = PROCESS_IO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let v: { config: string; port: number; tenant: string; aws: boolean };
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { config: { type: 'string' }, port: { type: 'string' }, tenant: { type: 'string' }, aws: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(SERVE_USAGE);
      return 0;
    }
    if (!values.config) throw new UsageError('--config FILE is required');
    if (values.tenant !== undefined && !/^.{1,128}$/.test(values.tenant)) throw new UsageError('--tenant must be 1 to 128 characters');
    v = { config: values.config, port: integerOption('port', values.port, 0, 65535) ?? 0, tenant: values.tenant ?? 'cli', aws: values.aws! };
  } catch (err) {
    io.stderr(`resilient-llm serve: ${(err instanceof UsageError ? err : usageFromParseError(err)).message}\n\n${SERVE_USAGE}`);
    return 1;
  }
  const raw = await loadSettingsFile(v.config);
  if (v.aws) raw.mode = 'aws';
  const gatewaySettings = takeGatewaySettings(raw);
  if ('problem' in gatewaySettings) {
    io.stderr(`${v.config}: ${gatewaySettings.problem}\n`);
    return 1;
  }
  const validation = validateSettings(raw, v.aws ? await knownAwsProfiles() : {});
  if (!validation.ok) {
    for (const p of validation.problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(`${v.config} is not valid; the gateway did not start. Fix it (resilient-llm validate --config ${v.config}) and try again.\n`);
    return 1;
  }
  const config = validation.config;
  const backend = v.aws ? { provider: new BedrockProvider({ endpoint: config.settings.endpoint }), clock: new SystemClock(), close: async () => {} } : await simulatedBackend(config);
  const router = new Router({ config, provider: backend.provider, clock: backend.clock, random: seededRandom(config.settings.simulator.seed) });
  // Pools without typed limits run at their applied quotas (Service Quotas), read before the first request and every 15 minutes.
  const quotas = poolDiscoveryFor(router, backend.provider, { info: (line) => io.stdout(`${line}\n`), warn: (line) => io.stderr(`${line}\n`) }, backend.clock);
  await quotas.refresh(config.settings);
  quotas.start(() => config.settings);
  const token = env.RESILIENT_LLM_GATEWAY_TOKEN?.trim() || newToken();
  const tokens = new Map([[token, v.tenant]]);
  let gateway: Gateway;
  try {
    gateway = await Gateway.start({ router: () => router, tokens: () => tokens, models: () => gatewaySettings.models, port: v.port });
  } catch (err) {
    quotas.dispose();
    await backend.close();
    io.stderr(`resilient-llm serve: could not listen on 127.0.0.1:${v.port} (${err instanceof Error ? err.message : String(err)})\n`);
    return 1;
  }
  const stop = io.stopSignal ?? untilSignal();
  io.stdout(`endpoint: ${gateway.endpoint}\ntoken: ${token}\n`);
  io.stdout(`routes: ${[...config.routes.keys()].join(', ')} (tenant "${v.tenant}", ${v.aws ? 'Amazon Bedrock' : 'simulated Bedrock'})\n`);
  io.stdout(`In a shell, these point the AWS SDKs, Claude Code and OpenAI clients at it:\n${exportLines(gatewayVariables(gateway.endpoint, token, config))}\n`);
  io.stdout('Ctrl+C to stop\n');
  const sub = gateway.onRequest((r) => {
    const served = r.record?.servedBy ? ` served by ${r.record.servedBy.targetId}` : '';
    io.stdout(`${r.client}: ${r.operation}${r.route ? ` ${r.route}` : ''} -> ${r.status}${served}${r.status >= 400 && r.message ? ` (${r.message})` : ''}\n`);
  });
  const signal = await stop;
  sub.dispose();
  quotas.dispose();
  await gateway.close();
  await backend.close();
  io.stdout(`stopped (${signal})\n`);
  return 0;
}
