/**
 * What VS Code needs to know about each `resilientLlm.*` setting beyond its JSON schema:
 * its scope, its documentation and its place in the Settings editor. The schema itself
 * comes from the router's zod schema; scripts/gen-settings-schema.ts joins both into
 * package.json. No `vscode` import: the script and a unit test read this file.
 */
export type SettingScope = 'application' | 'machine' | 'window';

export interface SettingMeta {
  scope: SettingScope;
  markdownDescription: string;
}

/** A setting name without the `resilientLlm.` prefix. test/unit/settingsSchema.test.ts checks every schema key has an entry. */
export type SettingKey = string;

const example = (json: unknown) => `\n\nExample:\n\n\`\`\`json\n${JSON.stringify(json, null, 2)}\n\`\`\``;

export const SETTINGS_META: Readonly<Record<SettingKey, SettingMeta>> = {
  mode: {
    scope: 'machine',
    markdownDescription:
      'Where requests go. `simulated` (the default) starts an embedded Bedrock simulator on 127.0.0.1 the first time it is needed and sends every request to it through the real AWS SDK: no AWS account needed. `aws` sends requests to Amazon Bedrock with the profiles of your AWS config and credentials files.\n\nUser settings only: a workspace cannot change where its traffic goes.',
  },
  targets: {
    scope: 'window',
    markdownDescription:
      'Where a request can be sent: a model, inference profile or application inference profile ARN, in an AWS profile (an account shard) and a Region, with the limits that target may take. Routes refer to targets by `id`. Run **Resilient LLM: Add Target** to add one without writing JSON (its model list comes from the account when the account allows it).\n\n' +
      '`auth` says how the account authenticates: `profile` (the default: the AWS profile named by `profile`, with SSO and role chains), `default-chain` (the AWS SDK\'s default credential chain), `api-key` (a Bedrock API key stored with **Resilient LLM: Store Bedrock API Key**, else `AWS_BEARER_TOKEN_BEDROCK`) or `access-keys` (stored with **Resilient LLM: Store Access Keys**). Secrets never go in settings; with an `auth` other than `profile`, `profile` is the name they are stored under. Targets of one account use the same `auth`.' +
      example([
        { id: 'sonnet-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 20, tpm: 200000 },
        { id: 'sonnet-key', model: 'us.anthropic.claude-sonnet-4-6', profile: 'team-c', region: 'us-west-2', auth: { type: 'api-key' } },
        { id: 'app-profile', model: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6', profile: 'shard-a', region: 'us-east-1' },
      ]),
  },
  routes: {
    scope: 'window',
    markdownDescription:
      'Groups of targets with a balancing `strategy` (`shuffle`, `round-robin`, `least-busy`, `latency`) and `fallbacks`: routes tried in order when every target of this route is limited or unhealthy. Each route appears as a model in the chat model picker ("Bedrock: haiku (resilient)"; the default route as "Bedrock default: sonnet (resilient)", preselected).\n\n' +
      '`inferenceScope` limits where requests may be processed: `global` (the default: anything), `geographic` (model ids and `us.`, `eu.`, `apac.` ... profiles, never `global.`), `in-region` (model ids only). `allowedRegions` lists the only Regions requests may be sent to or processed in. `promptCaching: true` adds cache points after the system prompt and the last user turns for models that support prompt caching. `reasoning.budgetTokens` (at least 1024) turns on extended thinking for models that support it; the chat shows the thinking apart from the answer.' +
      example([
        { name: 'sonnet', targets: ['sonnet-a', 'sonnet-b'], strategy: 'shuffle', fallbacks: ['haiku'], promptCaching: true },
        { name: 'no-global', targets: ['sonnet-a'], inferenceScope: 'geographic', allowedRegions: ['us-east-1', 'us-east-2', 'us-west-2'] },
        { name: 'deep', targets: ['sonnet-a'], reasoning: { budgetTokens: 4096 }, maxTokens: 2048 },
      ]),
  },
  defaultRoute: {
    scope: 'window',
    markdownDescription: 'Route that `@bedrock` uses when the selected chat model is not one of this extension\'s routes. Defaults to the first route.',
  },
  quotas: {
    scope: 'application',
    markdownDescription:
      'Quota per workspace (tenant): requests per minute, tokens per minute and tokens per day. `default` applies to every workspace without its own entry under `workspaces` (keyed by workspace name, or by `#resilientLlm.tenant#`).\n\nUser settings only: a workspace cannot raise its own quota.' +
      example({ default: { rpm: 60, tpm: 500000, tokensPerDay: 5000000 }, workspaces: { 'billing-service': { rpm: 10, tpm: 100000 } } }),
  },
  pools: {
    scope: 'window',
    markdownDescription:
      'Limits of Amazon Bedrock\'s quota pools, counted as Bedrock counts them. A pool is one account (`profile`) x `region` x model x kind: an inference profile id (`us.`, `global.` ...) means the model\'s cross-Region pool, a model id its on-demand pool. Every target sending to a pool shares its `tpm` (tokens per minute: input + `maxTokens` reserved when a request starts, settled to input + output x 5 for Claude 4-class models, x 1 for others) and the model\'s `tokensPerDay` in that Region. A pool not listed here uses the values Service Quotas applies to the account (see `#resilientLlm.serviceQuotas#`). A target\'s own `rpm`/`tpm` stay as gateway limits on top.' +
      example([{ profile: 'shard-a', region: 'us-east-1', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', tpm: 200000, tokensPerDay: 288000000 }]),
  },
  serviceQuotas: {
    scope: 'window',
    markdownDescription:
      'Read the limits of Bedrock quota pools not typed in `#resilientLlm.pools#` from Service Quotas (`ListServiceQuotas`, service code `bedrock`) for each profile and Region the targets use, every 15 minutes and when settings change. Needs `servicequotas:ListServiceQuotas`; when it is denied or unreachable the log says so once and only typed limits apply. Default `true`.',
  },
  retry: {
    scope: 'window',
    markdownDescription: 'Retries: at most `maxAttempts` attempts per request (across targets), exponential backoff between `baseDelayMs` and `maxDelayMs`, and a retry budget (`budgetPercent` of recent requests, at least `minRetriesPerSecond`) so retries never amplify an outage.',
  },
  timeouts: {
    scope: 'window',
    markdownDescription: 'How long an attempt may wait for its first token (`firstTokenMs`; the request then fails over to another target) and how long a whole attempt may take (`totalMs`).',
  },
  cooldown: {
    scope: 'window',
    markdownDescription: 'Circuit breaking: a target that fails `failures` times within `windowMs` rests for `durationMs`, then takes one probe request before it serves again.',
  },
  maxQueueWaitMs: {
    scope: 'window',
    markdownDescription: 'Longest time a request waits for a busy or limited target to free up before it fails with every target and why.',
  },
  endpoint: {
    scope: 'machine',
    markdownDescription: 'Bedrock Runtime endpoint for `aws` mode, e.g. a VPC endpoint (`https://vpce-0123-abcd.bedrock-runtime.us-east-1.vpce.amazonaws.com`). Leave empty for the Regional endpoints.\n\nUser settings only: a workspace cannot redirect traffic.',
  },
  simulator: {
    scope: 'machine',
    markdownDescription: 'The embedded simulator used in `simulated` mode: `seed` makes its Region picks, latencies and replies repeatable; `timeScale` runs simulated time faster than real time (2 = twice as fast).',
  },
  demo: {
    scope: 'machine',
    markdownDescription:
      'Which of your AWS profiles (two accounts), Region and models the pattern demos use when `#resilientLlm.mode#` is `aws`. In `simulated` mode the demos run against their own simulator and ignore this.' +
      example({ profiles: ['shard-a', 'shard-b'], region: 'us-east-1', crisModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', primaryModel: 'us.anthropic.claude-sonnet-4-6', fallbackModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' }),
  },
  tenant: {
    scope: 'application',
    markdownDescription: 'Name this window uses for `#resilientLlm.quotas#` and statistics. Empty: the workspace\'s name.\n\nUser settings only.',
  },
  'redis.url': {
    scope: 'machine',
    markdownDescription:
      'Share every limit (target RPM, TPM and concurrency, workspace quotas, cooldowns) with every window and machine that uses this Redis and `#resilientLlm.redis.keyPrefix#`: `redis://host:6379/0`, `rediss://` for TLS, `redis://user@host:6379` for an ACL user. Empty (the default): limits are held in this window only. Keep the password out of the URL: run **Resilient LLM: Set Redis Password** (VS Code\'s secret storage). When Redis is unreachable, the window keeps serving on a conservative share of each limit and says so once.\n\nUser settings only: a workspace cannot choose where its limits are kept.' +
      example('redis://redis.internal.example:6379/0'),
  },
  'redis.keyPrefix': {
    scope: 'machine',
    markdownDescription: 'Prefix of every Redis key (letters, digits and `:_.-{}`, at most 64 characters), so several teams can share one Redis. Everyone who should share limits uses the same prefix.\n\nUser settings only.' + example('team-payments:'),
  },
  'gateway.enabled': {
    scope: 'machine',
    markdownDescription: 'Run the loopback gateway in trusted workspaces: your routes on `http://127.0.0.1:PORT` for tools outside the chat (AWS SDKs, Claude Code in Bedrock mode, OpenAI-compatible clients), with this workspace\'s token and quota. It accepts only loopback requests with the token, and never from a browser page.\n\nUser settings only.',
  },
  'gateway.terminalEnvironment': {
    scope: 'application',
    markdownDescription: 'Put the gateway\'s variables (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_BEARER_TOKEN_BEDROCK`, `CLAUDE_CODE_USE_BEDROCK`, `ANTHROPIC_BEDROCK_BASE_URL`, `OPENAI_BASE_URL`, `OPENAI_API_KEY` ...) into new integrated terminals of every trusted workspace. Off: only workspaces where you ran **Resilient LLM: Add Gateway Variables to Terminals** get them.\n\nUser settings only.',
  },
  'gateway.models': {
    scope: 'window',
    markdownDescription: 'Model or inference-profile ids the gateway serves with a route, for tools that send their own model ids. Without an entry, an id reaches the first route with a target that uses it; a route name always works.' + example({ 'us.anthropic.claude-sonnet-4-5-20250929-v1:0': 'sonnet' }),
  },
};

/** Settings read from user settings only (never from a workspace), whatever VS Code's scope enforcement does. */
export const USER_ONLY_SETTINGS: readonly SettingKey[] = Object.keys(SETTINGS_META).filter((k) => SETTINGS_META[k]!.scope !== 'window');

/**
 * Settings an untrusted workspace may not set (`capabilities.untrustedWorkspaces.restrictedConfigurations`):
 * the user-only ones (among them the Redis URL and key prefix), and targets, which name the AWS
 * profiles (accounts) that pay for requests.
 */
export const RESTRICTED_SETTINGS: readonly SettingKey[] = [...USER_ONLY_SETTINGS, 'targets'];

/** Order in the Settings editor: what people change first comes first. */
export const SETTINGS_ORDER: readonly SettingKey[] = ['mode', 'routes', 'targets', 'defaultRoute', 'quotas', 'tenant', 'retry', 'timeouts', 'cooldown', 'maxQueueWaitMs', 'endpoint', 'simulator', 'demo', 'redis.url', 'redis.keyPrefix'];
