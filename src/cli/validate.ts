import { parseArgs } from 'node:util';
import { formatProblem, validateSettings } from '../router';
import { loadSettingsFile } from './configFile';
import { type CliIo, PROCESS_IO, UsageError, usageFromParseError } from './io';
import { knownAwsProfiles } from './awsProfiles';

export const VALIDATE_USAGE = `Usage: resilient-llm validate --config FILE

Checks a settings-shaped JSON file ("resilientLlm.targets", "resilientLlm.routes", ...,
as in settings.json; comments allowed). Prints one line per problem, naming the
setting path, and exits 1; or a short summary and exits 0. In "aws" mode the
profiles are checked against your AWS config and credentials files.
`;

export async function runValidate(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let config: string;
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout(VALIDATE_USAGE);
      return 0;
    }
    if (!values.config) throw new UsageError('--config FILE is required');
    config = values.config;
  } catch (err) {
    io.stderr(`resilient-llm validate: ${(err instanceof UsageError ? err : usageFromParseError(err)).message}\n\n${VALIDATE_USAGE}`);
    return 1;
  }
  const raw = await loadSettingsFile(config);
  const ctx = raw.mode === 'aws' ? await knownAwsProfiles() : {};
  const result = validateSettings(raw, ctx);
  if (!result.ok) {
    for (const p of result.problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(`${config}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; fix ${result.problems.length === 1 ? 'it' : 'them'} and run validate again.\n`);
    return 1;
  }
  const c = result.config;
  const tenants = Object.keys(c.settings.quotas.workspaces).length;
  io.stdout(`${config}: valid (${c.settings.mode} mode): ${c.targets.size} target${c.targets.size === 1 ? '' : 's'}, ${c.routes.size} route${c.routes.size === 1 ? '' : 's'} (default: ${c.defaultRoute}), quotas for ${tenants} workspace${tenants === 1 ? '' : 's'}.\n`);
  for (const [name, chain] of c.chains) io.stdout(`  ${name}: ${c.routes.get(name)!.targets.join(', ')} (${c.routes.get(name)!.strategy})${chain.length > 1 ? ` → ${chain.slice(1).join(' → ')}` : ''}\n`);
  return 0;
}
