/**
 * What the extension does out of the box (`mode: simulated`, no AWS account): the
 * seed's setup. Two account shards serve a cross-Region inference profile, a cheaper
 * model is the fallback, and three demo tenants have the quotas of the seed's
 * multi-tenant demo. The package.json defaults are generated from here
 * (scripts/gen-settings-schema.ts). No `vscode` import: scripts and unit tests read it.
 */
import { type SettingsInput } from '../router';

/** No `defaultRoute`: the first route is the default, so a workspace with its own routes needs none. */
type Defaults = Required<Pick<SettingsInput, 'targets' | 'routes' | 'quotas'>>;

export const DEFAULT_SETTINGS: Defaults = {
  targets: [
    { id: 'sonnet-a', label: 'Claude Sonnet 4.6 (shard-a)', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 20, tpm: 200_000 },
    { id: 'sonnet-b', label: 'Claude Sonnet 4.6 (shard-b)', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 20, tpm: 200_000 },
    { id: 'haiku', label: 'Claude Haiku 4.5 (global)', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', rpm: 50, tpm: 400_000 },
  ],
  routes: [
    { name: 'sonnet', targets: ['sonnet-a', 'sonnet-b'], strategy: 'shuffle', fallbacks: ['haiku'], description: 'Claude Sonnet 4.6 over two account shards, falling back to Haiku 4.5' },
    { name: 'haiku', targets: ['haiku'], strategy: 'shuffle', fallbacks: [], description: 'Claude Haiku 4.5 through the global inference profile' },
  ],
  quotas: {
    default: { rpm: 60, tpm: 500_000, tokensPerDay: 5_000_000 },
    workspaces: {
      // The quota-isolation demo's tenants, with its quotas: a window named after one (resilientLlm.tenant) counts against it.
      'tenant-a': { rpm: 3, tpm: 30_000 },
      'tenant-b': { rpm: 10, tpm: 100_000 },
      'tenant-c': { rpm: 10, tpm: 100_000 },
    },
  },
};
