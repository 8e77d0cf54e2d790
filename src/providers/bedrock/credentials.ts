import { fromIni } from '@aws-sdk/credential-provider-ini';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { type AwsCredentialIdentity, type AwsCredentialIdentityProvider, type TokenIdentity, type TokenIdentityProvider } from '@smithy/types';
import { type EndpointAuth } from '../types';
import { SECRET_LABEL, type SecretKind, type SecretsResolver } from './secrets';

/** The environment variable the AWS SDKs read a Bedrock API key from. */
export const BEARER_TOKEN_ENV = 'AWS_BEARER_TOKEN_BEDROCK';

export interface CredentialSources {
  secrets: SecretsResolver;
  /** Where `AWS_BEARER_TOKEN_BEDROCK` is read (default: the process environment). */
  env: Readonly<Record<string, string | undefined>>;
  credentialsFile?: string;
  configFile?: string;
  /**
   * Resolve `default-chain` targets from `credentialsFile`/`configFile` with the target's
   * profile instead of the process's chain. For the simulator, whose files hold one profile
   * per account; never for real AWS.
   */
  defaultChainFromFiles?: boolean;
}

/** What an SDK client (runtime or control plane) needs to authenticate one account. */
export interface ClientAuth {
  credentials?: AwsCredentialIdentityProvider;
  token?: TokenIdentityProvider;
  /**
   * Always explicit: with `AWS_BEARER_TOKEN_BEDROCK` in the environment the SDK would
   * otherwise prefer the bearer token for every client, profile targets included.
   */
  authSchemePreference: string[];
}

/** Thrown by a credentials provider when a secret is not stored; `classifyError` turns it into a message naming the target. */
export class MissingSecretError extends Error {
  override readonly name = 'MissingSecretError';
  constructor(
    readonly account: string,
    readonly kind: SecretKind,
    readonly howToStore: string,
    extra = '',
  ) {
    super(`No ${SECRET_LABEL[kind]} is stored for account "${account}".${extra} ${howToStore}`);
  }
}

// Re-read on every request (our resolver caches): a stored secret that changes applies to the next request.
const fresh = () => new Date(Date.now());

async function required(sources: CredentialSources, account: string, kind: SecretKind): Promise<string> {
  const value = await sources.secrets.resolveSecret({ kind, account });
  if (value) return value;
  throw new MissingSecretError(account, kind, sources.secrets.howToStore({ kind, account }));
}

function bearerToken(account: string, sources: CredentialSources): TokenIdentityProvider {
  return async (): Promise<TokenIdentity> => {
    const stored = await sources.secrets.resolveSecret({ kind: 'bearer-token', account });
    const token = stored || sources.env[BEARER_TOKEN_ENV];
    if (!token) throw new MissingSecretError(account, 'bearer-token', sources.secrets.howToStore({ kind: 'bearer-token', account }), ` ${BEARER_TOKEN_ENV} is not set either.`);
    return { token, expiration: fresh() };
  };
}

function accessKeys(account: string, sources: CredentialSources): AwsCredentialIdentityProvider {
  return async (): Promise<AwsCredentialIdentity> => {
    const accessKeyId = await required(sources, account, 'access-key-id');
    const secretAccessKey = await required(sources, account, 'secret-access-key');
    const sessionToken = await sources.secrets.resolveSecret({ kind: 'session-token', account });
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), expiration: fresh() };
  };
}

/** Credentials or a bearer token for one account, by its auth type. */
export function clientAuth(account: string, auth: EndpointAuth | undefined, sources: CredentialSources): ClientAuth {
  const files = { filepath: sources.credentialsFile, configFilepath: sources.configFile };
  switch (auth?.type ?? 'profile') {
    case 'profile':
      return { credentials: fromIni({ profile: account, ignoreCache: true, ...files }), authSchemePreference: ['sigv4'] };
    case 'default-chain':
      return {
        credentials: sources.defaultChainFromFiles ? fromIni({ profile: account, ignoreCache: true, ...files }) : defaultProvider(files),
        authSchemePreference: ['sigv4'],
      };
    case 'api-key':
      return { token: bearerToken(account, sources), authSchemePreference: ['httpBearerAuth'] };
    case 'access-keys':
      return { credentials: accessKeys(account, sources), authSchemePreference: ['sigv4'] };
  }
}
