import { runBenchCommand } from './bench';
import { runDemoCommand } from './demo';
import { runRunCommand } from './run';
import { runServe } from './serve';
import { runSimulate } from './simulate';
import { runValidate } from './validate';

// The AWS SDK warns, on Node 20, that its releases after January 2027 will need Node 22. This
// CLI bundles its SDK (a release that runs on Node 20), so the warning would only alarm every
// user on their first run; the README says which Node to use. A user's own setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: resilient-llm <command> [options]

Commands:
  demo       run the five resilience pattern demos (cris, sharding, fallback, load-balancing, quota-isolation, all)
  run        send synthetic traffic through your routes (settings-shaped config file)
  validate   check a settings-shaped config file
  simulate   start the embedded Bedrock simulator on loopback
  serve      run the loopback gateway (Bedrock and OpenAI endpoints) in front of your routes
  bench      run the benchmarks (router overhead, limit exactness, routing quality, footprint)

Run "resilient-llm <command> --help" for a command's options.
`;

/** Each command's entry point: it takes the arguments after the command's name. */
const COMMANDS = new Map<string, (args: string[]) => Promise<number>>([
  ['demo', (args) => runDemoCommand(args)],
  ['run', (args) => runRunCommand(args)],
  ['validate', (args) => runValidate(args)],
  ['simulate', (args) => runSimulate(args)],
  ['serve', (args) => runServe(args)],
  ['bench', (args) => runBenchCommand(args)],
]);

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = COMMANDS.get(command);
  if (!run) {
    process.stderr.write(`resilient-llm: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  return run(argv.slice(1));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`resilient-llm: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
