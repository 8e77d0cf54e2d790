import type * as vscode from 'vscode';
import { type SecretKind, type SecretRef, type SecretsResolver } from '../providers/bedrock/secrets';

/** Titles of the commands that store secrets: messages name them. */
export const SECRET_COMMAND_TITLES = {
  storeApiKey: 'Resilient LLM: Store Bedrock API Key',
  storeAccessKeys: 'Resilient LLM: Store Access Keys',
  forgetCredentials: 'Resilient LLM: Forget Stored Credentials',
} as const;

const KEY_PREFIX = 'resilientLlm.aws/';
const KINDS: readonly SecretKind[] = ['bearer-token', 'access-key-id', 'secret-access-key', 'session-token'];
/** Accounts (names only) with something stored, so Forget can offer them. */
const ACCOUNTS_STATE = 'resilientLlm.storedSecretAccounts';

/** `resilientLlm.aws/bearer-token/shard-a`: the key of one secret of one account in `context.secrets`. */
export function secretKey(account: string, kind: SecretKind): string {
  return `${KEY_PREFIX}${kind}/${account}`;
}

/** The account a secret storage key belongs to, if it is one of ours. */
export function accountOfKey(key: string): string | undefined {
  if (!key.startsWith(KEY_PREFIX)) return undefined;
  const rest = key.slice(KEY_PREFIX.length);
  const kind = KINDS.find((k) => rest.startsWith(`${k}/`));
  return kind ? rest.slice(kind.length + 1) : undefined;
}

export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials only. */
  sessionToken?: string;
}

/**
 * Bedrock API keys and access keys, per account (a target's `profile`), in VS Code's secret
 * storage: the provider's secrets resolver in `aws` mode. Values never leave this class
 * except to the provider; messages name the account and the command that stores them.
 */
export class StoredSecrets implements SecretsResolver {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  async resolveSecret(ref: SecretRef): Promise<string | undefined> {
    return (await this.secrets.get(secretKey(ref.account, ref.kind))) || undefined;
  }

  /** One command stores all three access-key secrets, so the sentences for the second and third read on from the first. */
  howToStore(ref: SecretRef): string {
    switch (ref.kind) {
      case 'bearer-token':
        return `Run "${SECRET_COMMAND_TITLES.storeApiKey}" to store the Bedrock API key of account "${ref.account}" (or set AWS_BEARER_TOKEN_BEDROCK).`;
      case 'access-key-id':
        return `Run "${SECRET_COMMAND_TITLES.storeAccessKeys}" for account "${ref.account}".`;
      case 'secret-access-key':
        return 'It asks for the access key id, then the secret access key.';
      case 'session-token':
        return 'it asks for one last (leave it empty for long-term keys).';
    }
  }

  /** Fires with the account whose stored secrets changed. */
  onDidChange(listener: (account: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      const account = accountOfKey(e.key);
      if (account !== undefined) listener(account);
    });
  }

  async storeApiKey(account: string, apiKey: string): Promise<void> {
    await this.secrets.store(secretKey(account, 'bearer-token'), apiKey);
    await this.remember(account);
  }

  async storeAccessKeys(account: string, keys: AccessKeys): Promise<void> {
    await this.secrets.store(secretKey(account, 'access-key-id'), keys.accessKeyId);
    await this.secrets.store(secretKey(account, 'secret-access-key'), keys.secretAccessKey);
    if (keys.sessionToken) await this.secrets.store(secretKey(account, 'session-token'), keys.sessionToken);
    else await this.secrets.delete(secretKey(account, 'session-token'));
    await this.remember(account);
  }

  /** Deletes everything stored for an account; returns what kinds there were. */
  async forget(account: string): Promise<SecretKind[]> {
    const found: SecretKind[] = [];
    for (const kind of KINDS) {
      const key = secretKey(account, kind);
      if ((await this.secrets.get(key)) === undefined) continue;
      found.push(kind);
      await this.secrets.delete(key);
    }
    await this.state.update(ACCOUNTS_STATE, this.accounts().filter((a) => a !== account));
    return found;
  }

  /** Accounts something was stored for (names only). */
  accounts(): string[] {
    const v = this.state.get<unknown>(ACCOUNTS_STATE);
    return Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : [];
  }

  private async remember(account: string): Promise<void> {
    const known = this.accounts();
    if (!known.includes(account)) await this.state.update(ACCOUNTS_STATE, [...known, account].sort());
  }
}
