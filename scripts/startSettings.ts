// The user settings `npm start` gives its code-server: the sample workspace's own quota, which a
// workspace cannot set for itself (quotas are user settings), next to the default quotas.
import { DEFAULT_SETTINGS } from '../src/extension/defaults';

/** The sample workspace's folder name: its tenant, so its row in `resilientLlm.quotas.workspaces`. */
export const SAMPLE_WORKSPACE = 'sample-workspace';

export function startUserSettings(): Record<string, unknown> {
  return {
    'resilientLlm.mode': 'simulated',
    'resilientLlm.quotas': {
      ...DEFAULT_SETTINGS.quotas,
      workspaces: { ...DEFAULT_SETTINGS.quotas.workspaces, [SAMPLE_WORKSPACE]: { rpm: 30, tpm: 300_000, tokensPerDay: 2_000_000 } },
    },
  };
}
