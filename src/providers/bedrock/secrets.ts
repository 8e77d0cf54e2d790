/**
 * Secrets for targets that do not use an AWS profile: a Bedrock API key (bearer token), or
 * static access keys. They never live in settings; the provider asks a resolver injected
 * by its host: the extension backs it with VS Code's secret storage, the command line
 * with environment variables (`envSecrets`). Secrets are stored per account (a target's
 * `profile`), so every target of that account shares them.
 */

export type SecretKind = 'bearer-token' | 'access-key-id' | 'secret-access-key' | 'session-token';

export interface SecretRef {
  kind: SecretKind;
  /** The account: the target's `profile` value. */
  account: string;
  /** The target asking, when one is (for messages; secrets are per account). */
  targetId?: string;
}

export interface SecretsResolver {
  /** The secret, or undefined when none is stored. Must not throw for a missing secret. */
  resolveSecret(ref: SecretRef): Promise<string | undefined>;
  /** One sentence telling a person how to store this secret where this resolver looks. */
  howToStore(ref: SecretRef): string;
}

const KIND_SUFFIX: Record<SecretKind, string> = {
  'bearer-token': 'API_KEY',
  'access-key-id': 'ACCESS_KEY_ID',
  'secret-access-key': 'SECRET_ACCESS_KEY',
  'session-token': 'SESSION_TOKEN',
};

/** `shard-a`, `bearer-token` → `RESILIENT_LLM_SHARD_A_API_KEY`. */
export function secretEnvName(ref: Pick<SecretRef, 'account' | 'kind'>): string {
  const account = ref.account.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `RESILIENT_LLM_${account}_${KIND_SUFFIX[ref.kind]}`;
}

export const SECRET_LABEL: Record<SecretKind, string> = {
  'bearer-token': 'Bedrock API key',
  'access-key-id': 'access key id',
  'secret-access-key': 'secret access key',
  'session-token': 'session token',
};

/** Secrets from environment variables named by `secretEnvName` (the command line's resolver). */
export function envSecrets(env: Readonly<Record<string, string | undefined>> = process.env): SecretsResolver {
  return {
    async resolveSecret(ref) {
      const value = env[secretEnvName(ref)];
      return value ? value : undefined;
    },
    howToStore(ref) {
      return `Set the environment variable ${secretEnvName(ref)} to the account's ${SECRET_LABEL[ref.kind]}.`;
    },
  };
}

/**
 * Caches what a resolver returns for a short time, so a request does not ask the host's
 * secret storage every time; `forget` drops an account's secrets at once (call it when
 * the stored secrets change).
 */
export class CachedSecrets implements SecretsResolver {
  private readonly cache = new Map<string, { value: string | undefined; until: number }>();

  constructor(
    private readonly inner: SecretsResolver,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async resolveSecret(ref: SecretRef): Promise<string | undefined> {
    const key = `${ref.account}\u0000${ref.kind}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const value = await this.inner.resolveSecret(ref);
    this.cache.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }

  howToStore(ref: SecretRef): string {
    return this.inner.howToStore(ref);
  }

  /** Forgets one account's cached secrets, or every account's. */
  forget(account?: string): void {
    if (account === undefined) this.cache.clear();
    else for (const key of [...this.cache.keys()]) if (key.startsWith(`${account}\u0000`)) this.cache.delete(key);
  }
}
