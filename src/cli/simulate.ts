/**
 * `resilient-llm simulate`: runs the Bedrock simulator on loopback until SIGINT or
 * SIGTERM, optionally writing AWS credentials/config files for its accounts.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenario, startSimulator, type Scenario } from '../simulator';
import { type CliIo, PROCESS_IO, UsageError, untilSignal, integerOption, numberOption, usageFromParseError } from './io';

export const SIMULATE_USAGE = `Usage: resilient-llm simulate [options]

Starts a Bedrock Runtime simulator on 127.0.0.1 (HTTP/2 and HTTP/1.1) and runs
until interrupted (Ctrl+C, SIGTERM).

Options:
  --port N          TCP port on 127.0.0.1 (default 0: any free port)
  --aws-dir DIR     write DIR/credentials and DIR/config with one profile per simulated account
  --scenario FILE   scenario JSON file (accounts, Regions, quotas, faults; see docs/simulator.md)
  --seed N          seed for CRIS routing, fault rates, latency jitter and reply text
  --time-scale K    simulated time runs K times faster than real time (default 1)
  -h, --help        show this help
`;

export async function runSimulate(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let options: { port?: number; seed?: number; timeScale?: number; awsDir?: string; scenario?: Scenario };
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'aws-dir': { type: 'string' },
        scenario: { type: 'string' },
        seed: { type: 'string' },
        'time-scale': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(SIMULATE_USAGE);
      return 0;
    }
    options = {
      port: integerOption('port', values.port, 0, 65535),
      seed: integerOption('seed', values.seed, -2147483648, 4294967295),
      timeScale: numberOption('time-scale', values['time-scale'], 0.001, 10_000),
      awsDir: values['aws-dir'] === undefined ? undefined : resolve(values['aws-dir']),
      scenario: values.scenario === undefined ? undefined : loadScenario(resolve(values.scenario)),
    };
  } catch (err) {
    io.stderr(`resilient-llm simulate: ${(err instanceof UsageError ? err : usageFromParseError(err)).message}\n\n${SIMULATE_USAGE}`);
    return 1;
  }

  const sim = await startSimulator({ port: options.port, seed: options.seed, timeScale: options.timeScale, scenario: options.scenario });
  io.stdout(`endpoint: ${sim.endpoint}\n`);
  if (options.awsDir) {
    let files;
    try {
      files = await sim.writeAwsFiles(options.awsDir);
    } catch (err) {
      // Nothing is served without the files the user asked for: give the port back and exit non-zero, so a script around us does not hang.
      await sim.close();
      const code = (err as { code?: string }).code;
      io.stderr(`resilient-llm simulate: cannot write the AWS files into --aws-dir ${options.awsDir} (${code ?? (err instanceof Error ? err.message : String(err))}); choose a directory you can write to. The simulator stopped.\n`);
      return 1;
    }
    io.stdout(`credentials: ${files.credentialsFile}\nconfig: ${files.configFile}\n`);
    io.stdout(`  export AWS_SHARED_CREDENTIALS_FILE=${files.credentialsFile} AWS_CONFIG_FILE=${files.configFile}\n`);
  }
  // Listen for signals only once serving: a failed start must not swallow the first SIGTERM.
  const stop = io.stopSignal ?? untilSignal();
  for (const a of sim.accounts()) io.stdout(`profile ${a.profile}: account ${a.accountId}, region ${a.defaultRegion}, access key ${a.accessKeyId}\n`);
  io.stdout(`seed ${sim.seed}, time scale ${sim.clock.scale}; admin API at ${sim.endpoint}/__sim/; Ctrl+C to stop\n`);
  const signal = await stop;
  await sim.close();
  io.stdout(`stopped (${signal})\n`);
  return 0;
}
