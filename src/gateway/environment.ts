/**
 * The environment variables that point a terminal's tools at the gateway, for the terminal
 * command, "Copy Gateway Settings", `serve` and the tests: one list, so they cannot drift.
 *
 * - AWS SDKs: `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` (service-specific endpoint, AWS SDKs and Tools
 *   reference guide, "Service-specific endpoints") and `AWS_BEARER_TOKEN_BEDROCK` (Bedrock API
 *   keys, Bedrock user guide, "Use an Amazon Bedrock API key").
 * - Claude Code: `CLAUDE_CODE_USE_BEDROCK=1` and `ANTHROPIC_BEDROCK_BASE_URL` (Claude Code docs,
 *   "Amazon Bedrock"); it reads `AWS_BEARER_TOKEN_BEDROCK` too. Its model aliases would resolve to
 *   Anthropic's own Bedrock ids, which name no route, so they are set to route names.
 * - OpenAI clients: `OPENAI_BASE_URL` and `OPENAI_API_KEY`.
 */
import { type ResolvedConfig } from '../router';

export interface GatewayVariable {
  name: string;
  value: string;
  /** Secret values are masked wherever they are shown (never logged). */
  secret?: boolean;
  description: string;
}

/** A route for Claude Code's small fast model: one whose first target is a Haiku, else the default route. */
function fastRoute(config: ResolvedConfig): string {
  for (const r of config.routes.values()) {
    const first = config.targets.get(r.targets[0] ?? '');
    if (first && /haiku/i.test(first.model)) return r.name;
  }
  return config.defaultRoute;
}

export function gatewayVariables(endpoint: string, token: string, config: ResolvedConfig): GatewayVariable[] {
  const main = config.defaultRoute;
  const fast = fastRoute(config);
  return [
    { name: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', value: endpoint, description: 'AWS SDKs and CLI send Bedrock Runtime calls to the gateway' },
    { name: 'AWS_BEARER_TOKEN_BEDROCK', value: token, secret: true, description: 'the gateway token, as a Bedrock API key' },
    { name: 'CLAUDE_CODE_USE_BEDROCK', value: '1', description: 'Claude Code uses Bedrock' },
    { name: 'ANTHROPIC_BEDROCK_BASE_URL', value: endpoint, description: 'Claude Code and the Anthropic Bedrock SDK call the gateway' },
    { name: 'ANTHROPIC_MODEL', value: main, description: `Claude Code's model: route "${main}"` },
    { name: 'ANTHROPIC_DEFAULT_SONNET_MODEL', value: main, description: `Claude Code's sonnet alias: route "${main}"` },
    { name: 'ANTHROPIC_DEFAULT_OPUS_MODEL', value: main, description: `Claude Code's opus alias: route "${main}"` },
    { name: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', value: fast, description: `Claude Code's haiku alias and background model: route "${fast}"` },
    { name: 'OPENAI_BASE_URL', value: `${endpoint}/v1`, description: 'OpenAI-compatible clients call the gateway' },
    { name: 'OPENAI_API_KEY', value: token, secret: true, description: 'the gateway token, as an OpenAI API key' },
  ];
}

/** `export NAME=value` lines (POSIX shells), for the copy command and `serve`. */
export function exportLines(vars: readonly GatewayVariable[]): string {
  return vars.map((v) => `export ${v.name}=${/^[\w.:/@-]+$/.test(v.value) ? v.value : `'${v.value.replace(/'/g, `'\\''`)}'`}`).join('\n');
}

/** As a plain object (child processes, tests). */
export function variablesAsEnv(vars: readonly GatewayVariable[]): Record<string, string> {
  return Object.fromEntries(vars.map((v) => [v.name, v.value]));
}
