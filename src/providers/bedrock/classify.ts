import { type ErrorKind, ProviderError } from '../errors';
import { type Endpoint } from '../types';
import { BEARER_TOKEN_ENV } from './credentials';
import { type SecretKind, type SecretsResolver } from './secrets';

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_STREAM_CANCEL', 'ERR_HTTP2_ERROR']);

function retryAfterMs(e: AwsLikeError): number | undefined {
  const raw = e.$response?.headers?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const where = (e: Endpoint) => `profile ${e.profile}, ${e.region}, ${e.model}`;

function credentials(e: Endpoint, detail: string, fix: string, cause: unknown, code?: string): ProviderError {
  // Profile problems are named by their profile; stored secrets by the target that needs them.
  const target = e.targetId && (e.auth?.type ?? 'profile') !== 'profile' ? `Target "${e.targetId}" (account "${e.profile}"): ` : '';
  return new ProviderError('credentials', `${target}${detail}${fix ? ` ${fix}` : ''}`, { profile: e.profile, region: e.region, model: e.model, cause, code });
}

type HowToStore = Pick<SecretsResolver, 'howToStore'>;

/**
 * Credential errors for targets that do not use an AWS profile: the account's stored
 * secrets, or the default chain. Undefined for profile targets (handled below).
 */
function secretCredentials(e: Endpoint, name: string, text: string, err: unknown, secrets: HowToStore | undefined): ProviderError | undefined {
  const type = e.auth?.type ?? 'profile';
  const store = (kind: SecretKind) => secrets?.howToStore({ kind, account: e.profile, targetId: e.targetId }) ?? '';
  if (name === 'MissingSecretError') return credentials(e, `cannot authenticate. ${text}`, '', err, name);
  if (type === 'api-key' && (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') && /api key|bearer|authentication failed|security token/i.test(text)) {
    return credentials(e, `Bedrock rejected the API key of account "${e.profile}" (${name}: ${text}).`, `Store a valid key: ${store('bearer-token')} (or fix ${BEARER_TOKEN_ENV} if the key comes from there).`, err, name);
  }
  const keyProblem = ['ExpiredTokenException', 'ExpiredToken', 'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch'].includes(name);
  if (type === 'access-keys' && keyProblem) {
    return credentials(e, `AWS rejected the stored access keys of account "${e.profile}" (${name}).`, `Store working keys: ${store('access-key-id')} ${store('secret-access-key')} A session token, if the keys are temporary: ${store('session-token')}`, err, name);
  }
  if (type === 'default-chain' && (keyProblem || name === 'CredentialsProviderError')) {
    return credentials(e, `The default credential chain gave no usable credentials for account "${e.profile}" (${name}: ${text}).`, 'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE in the environment VS Code starts from, or sign in (aws sso login), then try again.', err, name);
  }
  return undefined;
}

/**
 * Classifies anything the SDK, the credential chain or the network throws into a kind
 * the router acts on, with a message that says what happened and what to do.
 * Messages never include keys, tokens or signatures.
 */
export function classifyError(err: unknown, endpoint: Endpoint, signal?: AbortSignal, secrets?: HowToStore): ProviderError {
  if (ProviderError.isInstance(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as AwsLikeError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const text = (e.message ?? '').trim();
  const opts = { code: name || e.code, statusCode: status, region: endpoint.region, model: endpoint.model, profile: endpoint.profile, cause: err };
  const make = (kind: ErrorKind, message: string, extra: { retryAfterMs?: number } = {}) => new ProviderError(kind, message, { ...opts, ...extra });

  if (signal?.aborted || name === 'AbortError') return make('cancelled', 'The request was cancelled.');
  const secret = secretCredentials(endpoint, name, text, err, secrets);
  if (secret) return secret;
  switch (name) {
    case 'ThrottlingException':
    case 'ServiceQuotaExceededException':
      return make('throttled', `Bedrock throttled ${where(endpoint)}: ${text || 'Too many requests.'}`, { retryAfterMs: retryAfterMs(e) });
    case 'ModelNotReadyException':
      return make('model-not-ready', `The model is not ready in ${endpoint.region} (${endpoint.model}): ${text}`);
    case 'ServiceUnavailableException':
    case 'InternalServerException':
    case 'ModelErrorException':
      return make('unavailable', `Bedrock is unavailable for ${where(endpoint)} (${name}): ${text}`);
    case 'ModelTimeoutException':
      return make('timeout', `The model timed out (${where(endpoint)}): ${text}`);
    case 'ModelStreamErrorException':
      return make('stream-error', `The model's stream failed (${where(endpoint)}): ${text}`);
    case 'ValidationException':
      if (/on-demand throughput isn.t supported/i.test(text)) {
        return make('invalid-request', `${text} Set the target's model to an inference profile id, e.g. "us.${endpoint.model}".`);
      }
      if (/model identifier is invalid/i.test(text)) return make('invalid-request', `${text} Check the target's model id "${endpoint.model}" (is it available in ${endpoint.region}?).`);
      return make('invalid-request', text || 'Bedrock rejected the request as invalid.');
    case 'AccessDeniedException':
      return make('access-denied', text || 'Access denied.');
    case 'ResourceNotFoundException':
      return make('not-found', `Not found in ${endpoint.region}: ${text} Check the target's model id "${endpoint.model}".`);
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      return credentials(endpoint, `The credentials of AWS profile "${endpoint.profile}" have expired.`, `Run \`aws sso login --profile ${endpoint.profile}\` (or refresh the profile's keys) and try again.`, err, name);
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
      return credentials(endpoint, `AWS did not recognise the access key of profile "${endpoint.profile}" (${name}).`, `Check the profile's keys in your AWS credentials file, or sign in again with \`aws sso login --profile ${endpoint.profile}\`.`, err, name);
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return credentials(endpoint, `AWS rejected the request signature of profile "${endpoint.profile}" (${name}): the secret key does not match the access key.`, `Fix the profile's aws_secret_access_key, or sign in again with \`aws sso login --profile ${endpoint.profile}\`.`, err, name);
    case 'CredentialsProviderError':
    case 'TokenProviderError':
      if (/expired|sso session/i.test(text)) {
        return credentials(endpoint, `The SSO session of AWS profile "${endpoint.profile}" has expired.`, `Run \`aws sso login --profile ${endpoint.profile}\` and try again.`, err, name);
      }
      return credentials(endpoint, `No usable credentials for AWS profile "${endpoint.profile}": ${text}`, `Add the profile with \`aws configure --profile ${endpoint.profile}\` or \`aws configure sso --profile ${endpoint.profile}\`.`, err, name);
    case 'TimeoutError':
      return make('timeout', `The connection to Bedrock timed out (${where(endpoint)}).`);
  }
  const code = e.code ?? '';
  if (NETWORK_CODES.has(code) || /socket hang up|ECONNRESET|ECONNREFUSED|HTTP\/2|http2|stream was destroyed|closed/i.test(text)) {
    return make('unavailable', `Could not reach Bedrock for ${where(endpoint)} (${code || 'connection error'}): ${text}`);
  }
  if (status === 429) return make('throttled', `Bedrock throttled ${where(endpoint)}: ${text}`, { retryAfterMs: retryAfterMs(e) });
  if (status !== undefined && status >= 500) return make('unavailable', `Bedrock returned HTTP ${status} for ${where(endpoint)}: ${text}`);
  if (status === 403) return make('access-denied', text || 'Access denied.');
  if (status === 400) return make('invalid-request', text || 'Bedrock rejected the request.');
  return make('unknown', `Unexpected error from ${where(endpoint)}: ${name ? `${name}: ` : ''}${text}`);
}
