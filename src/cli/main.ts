import { runSimulate } from './simulate';

const USAGE = `Usage: resilient-llm <command> [options]

Commands:
  simulate   start the embedded Bedrock simulator on loopback
`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    case 'simulate':
      return runSimulate(argv.slice(1));
    default:
      process.stderr.write(`resilient-llm: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
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
