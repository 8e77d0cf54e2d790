/**
 * Secrets for the simulator's accounts, shaped like the provider's `SecretsResolver`
 * (structurally; the simulator imports nothing above it): an API key issued on first
 * request per account, and each account's own access key pair. For a simulated backend,
 * so targets with `api-key` or `access-keys` auth work without storing anything.
 */
import type { Simulator } from './api';

export type SimSecretKind = 'bearer-token' | 'access-key-id' | 'secret-access-key' | 'session-token';

export interface SimSecrets {
  resolveSecret(ref: { kind: SimSecretKind; account: string }): Promise<string | undefined>;
  howToStore(ref: { kind: SimSecretKind; account: string }): string;
}

export function simulatorSecrets(sim: Pick<Simulator, 'ensureAccount' | 'issueApiKey'>): SimSecrets {
  const keys = new Map<string, string>();
  return {
    async resolveSecret({ kind, account }) {
      const a = sim.ensureAccount(account);
      switch (kind) {
        case 'bearer-token': {
          let key = keys.get(account);
          if (!key) keys.set(account, (key = sim.issueApiKey(account)));
          return key;
        }
        case 'access-key-id':
          return a.accessKeyId;
        case 'secret-access-key':
          return a.secretAccessKey;
        case 'session-token':
          return undefined;
      }
    },
    howToStore: ({ account }) => `The simulator gives account "${account}" its secrets; restart the simulator if they are missing.`,
  };
}
