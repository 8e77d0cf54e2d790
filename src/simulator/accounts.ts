/**
 * Simulated AWS accounts: one per AWS profile, each with its own access key pair.
 * Keys and account ids are derived from the profile name when not configured, so
 * the written credentials files are stable from run to run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashParts } from './random';
import type { ScenarioAccount } from './scenario';
import type { SimAccount } from './types';

export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function derived(profile: string, purpose: string, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    let h = hashParts('resilient-llm-sim', purpose, profile, i);
    for (let j = 0; j < 4 && out.length < length; j++) {
      out += alphabet[h % alphabet.length];
      h = Math.floor(h / alphabet.length);
    }
  }
  return out;
}

export function deriveAccountId(profile: string): string {
  return derived(profile, 'account', '0123456789', 12);
}

export class AccountRegistry {
  private readonly byProfile = new Map<string, SimAccount>();
  private readonly byKey = new Map<string, SimAccount>();

  constructor(
    initial: readonly ScenarioAccount[],
    private readonly fallbackRegion = 'us-east-1',
  ) {
    for (const a of initial) this.add(a);
  }

  list(): SimAccount[] {
    return [...this.byProfile.values()].map((a) => ({ ...a }));
  }

  byAccessKey(accessKeyId: string): SimAccount | undefined {
    return this.byKey.get(accessKeyId);
  }

  byProfileName(profile: string): SimAccount | undefined {
    return this.byProfile.get(profile);
  }

  /** Returns the account for `profile`, creating it if needed (an existing account is left as it is). */
  ensure(profile: string, init: { defaultRegion?: string; expired?: boolean } = {}): SimAccount {
    const existing = this.byProfile.get(profile);
    if (existing) return { ...existing };
    return { ...this.add({ profile, ...init }) };
  }

  setExpired(profile: string, expired: boolean): void {
    const account = this.byProfile.get(profile);
    if (!account) throw new Error(`no simulated account for profile "${profile}"`);
    account.expired = expired;
  }

  /** Restores every account's `expired` flag to its configured value. */
  resetExpiry(configured: ReadonlyMap<string, boolean>): void {
    for (const a of this.byProfile.values()) a.expired = configured.get(a.profile) ?? false;
  }

  private add(a: ScenarioAccount): SimAccount {
    if (this.byProfile.has(a.profile)) throw new Error(`duplicate simulated account profile "${a.profile}"`);
    const account: SimAccount = {
      profile: a.profile,
      accountId: a.accountId ?? deriveAccountId(a.profile),
      accessKeyId: a.accessKeyId ?? `AKIA${derived(a.profile, 'key', BASE32, 16)}`,
      secretAccessKey: a.secretAccessKey ?? derived(a.profile, 'secret', SECRET_CHARS, 40),
      defaultRegion: a.defaultRegion ?? this.fallbackRegion,
      expired: a.expired ?? false,
    };
    if (this.byKey.has(account.accessKeyId)) throw new Error(`access key id ${account.accessKeyId} is used by two simulated accounts`);
    this.byProfile.set(account.profile, account);
    this.byKey.set(account.accessKeyId, account);
    return account;
  }
}

/** Writes `credentials` and `config` files with one profile per account. */
export async function writeAwsFiles(dir: string, accounts: readonly SimAccount[]): Promise<{ credentialsFile: string; configFile: string }> {
  await mkdir(dir, { recursive: true });
  const credentials = accounts.map((a) => `[${a.profile}]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`);
  const config = accounts.map((a) => `[${a.profile === 'default' ? 'default' : `profile ${a.profile}`}]\nregion = ${a.defaultRegion}\n`);
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  await writeFile(credentialsFile, credentials.join('\n'), { mode: 0o600 });
  await writeFile(configFile, config.join('\n'), { mode: 0o600 });
  return { credentialsFile, configFile };
}
