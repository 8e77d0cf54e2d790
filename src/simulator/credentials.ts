/**
 * Credentials the simulator issues besides each account's long-term key pair: Bedrock API
 * keys (bearer tokens, `Authorization: Bearer <key>`) and temporary credentials (an `ASIA`
 * key pair with a session token). Each belongs to one account. Keys are derived from the
 * profile and a counter, so a run with the same calls issues the same keys.
 */
import type { AccountRegistry } from './accounts';
import { BASE32, SECRET_CHARS, derived } from './accounts';
import type { SimAccount } from './types';

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** What a SigV4 access key id stands for. */
export interface SigningKey {
  account: SimAccount;
  secretAccessKey: string;
  /** Set for temporary credentials: requests must carry it as `x-amz-security-token`. */
  sessionToken?: string;
}

export class CredentialBook {
  private readonly apiKeys = new Map<string, string>();
  private readonly sessions = new Map<string, { profile: string; secretAccessKey: string; sessionToken: string }>();
  private readonly counters = new Map<string, number>();

  constructor(private readonly accounts: AccountRegistry) {}

  private next(profile: string, purpose: string): number {
    const key = `${purpose}\u0000${profile}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  private account(profile: string): SimAccount {
    const account = this.accounts.byProfileName(profile);
    if (!account) throw new Error(`no simulated account for profile "${profile}"`);
    return account;
  }

  /** Issues a new Bedrock API key for the account of `profile`. */
  issueApiKey(profile: string): string {
    this.account(profile);
    const body = derived(profile, `api-key:${this.next(profile, 'api-key')}`, SECRET_CHARS, 60);
    const key = `bedrock-api-key-${Buffer.from(`bedrock.amazonaws.com/?Action=CallWithBearerToken&${body}`).toString('base64')}`;
    this.apiKeys.set(key, profile);
    return key;
  }

  /** Accepts a key given by a scenario for the account of `profile`. */
  addApiKey(profile: string, key: string): void {
    this.account(profile);
    const owner = this.apiKeys.get(key);
    if (owner !== undefined && owner !== profile) throw new Error(`API key is already issued to account "${owner}"`);
    this.apiKeys.set(key, profile);
  }

  revokeApiKey(key: string): boolean {
    return this.apiKeys.delete(key);
  }

  accountForApiKey(key: string): SimAccount | undefined {
    const profile = this.apiKeys.get(key);
    return profile === undefined ? undefined : this.accounts.byProfileName(profile);
  }

  /** Issues temporary credentials (as STS would) for the account of `profile`. */
  issueSessionCredentials(profile: string): SessionCredentials {
    this.account(profile);
    const n = this.next(profile, 'session');
    const creds = {
      accessKeyId: `ASIA${derived(profile, `session-key:${n}`, BASE32, 16)}`,
      secretAccessKey: derived(profile, `session-secret:${n}`, SECRET_CHARS, 40),
      sessionToken: `IQoJb3JpZ2luX2Vj${derived(profile, `session-token:${n}`, SECRET_CHARS, 120)}`,
    };
    this.sessions.set(creds.accessKeyId, { profile, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken });
    return creds;
  }

  /** The account and secret behind an access key id: an account's own key, or issued temporary credentials. */
  signingKey(accessKeyId: string): SigningKey | undefined {
    const account = this.accounts.byAccessKey(accessKeyId);
    if (account) return { account, secretAccessKey: account.secretAccessKey };
    const session = this.sessions.get(accessKeyId);
    const owner = session ? this.accounts.byProfileName(session.profile) : undefined;
    return session && owner ? { account: owner, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken } : undefined;
  }
}
