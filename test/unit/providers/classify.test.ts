// classifyError turns what the AWS SDK, the credential chain and the network throw into the
// kind the router acts on and a message people can act on. The errors here are the SDK's own
// exception classes (and, for a missing profile, what fromIni really throws on real files).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccessDeniedException,
  BedrockRuntimeServiceException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { classifyError } from '../../../src/providers/bedrock/classify';
import { MissingSecretError } from '../../../src/providers/bedrock/credentials';
import { type ErrorKind, ProviderError } from '../../../src/providers/errors';
import { type AuthType, type Endpoint } from '../../../src/providers/types';

const MODEL = 'anthropic.claude-sonnet-4-6';
const endpoint: Endpoint = { model: MODEL, profile: 'shard-a', region: 'us-east-1', targetId: 'sonnet-a' };
const WHERE = `profile shard-a, us-east-1, ${MODEL}`;
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
/** A service error the SDK knows only by its code (credential and signature errors come from the auth layer). */
const serviceError = (name: string, message: string, status = 403) => new BedrockRuntimeServiceException({ name, $fault: 'client', message, ...meta(status) });
const withRetryAfter = <T extends object>(e: T, value: string): T => Object.assign(e, { $response: { statusCode: 429, headers: { 'retry-after': value } } });
/** A Node network error, as the HTTP/2 handler rejects with. */
const networkError = (code: string, message: string) => Object.assign(new Error(message), { code });

function check(err: unknown, kind: ErrorKind, message: RegExp, on: Endpoint = endpoint): ProviderError {
  const e = classifyError(err, on);
  assert.equal(e.kind, kind, `${e.kind}: ${e.message}`);
  assert.match(e.message, message);
  return e;
}

describe('providers: classifyError (SDK errors to kinds and messages)', () => {
  it('throttles are retryable and carry the Retry-After the service sent', () => {
    const e = check(withRetryAfter(new ThrottlingException({ message: 'Too many tokens, please wait before trying again.', ...meta(429) }), '3'), 'throttled', new RegExp(`^Bedrock throttled ${WHERE}: Too many tokens, please wait`));
    assert.deepEqual([e.retryable, e.retryAfterMs, e.code, e.statusCode, e.profile, e.region, e.model], [true, 3000, 'ThrottlingException', 429, 'shard-a', 'us-east-1', MODEL]);
    assert.equal(check(new ServiceQuotaExceededException({ message: 'Quota exceeded', ...meta(429) }), 'throttled', /Quota exceeded/).retryAfterMs, undefined);
    assert.equal(check(withRetryAfter(new ThrottlingException({ message: '', ...meta(429) }), 'Wed, 21 Oct 2015 07:28:00 GMT'), 'throttled', /: Too many requests\.$/).retryAfterMs, 0, 'a date in the past: retry now');
    assert.equal(check(withRetryAfter(new ThrottlingException({ message: 'x', ...meta(429) }), 'soon'), 'throttled', /x/).retryAfterMs, undefined, 'an unreadable header is ignored');
  });

  it("the service's own failures are retryable elsewhere: unavailable, timeout, model not ready, stream error", () => {
    for (const [err, name] of [
      [new ServiceUnavailableException({ message: 'Service unavailable', ...meta(503) }), 'ServiceUnavailableException'],
      [new InternalServerException({ message: 'Internal error', ...meta(500) }), 'InternalServerException'],
      [new ModelErrorException({ message: 'The model failed', ...meta(424) }), 'ModelErrorException'],
    ] as const) {
      assert.ok(check(err, 'unavailable', new RegExp(`^Bedrock is unavailable for ${WHERE} \\(${name}\\): `)).retryable);
    }
    assert.ok(check(new ModelTimeoutException({ message: 'took too long', ...meta(408) }), 'timeout', new RegExp(`^The model timed out \\(${WHERE}\\): took too long`)).retryable);
    assert.ok(check(new ModelNotReadyException({ message: 'warming up', ...meta(429) }), 'model-not-ready', new RegExp(`^The model is not ready in us-east-1 \\(${MODEL}\\): warming up`)).retryable);
    assert.ok(check(new ModelStreamErrorException({ message: 'broken', ...meta(424) }), 'stream-error', /^The model's stream failed/).retryable);
  });

  it('a bad request, a denied model and a missing one are not retried, and say what to change', () => {
    const onDemand = check(new ValidationException({ message: "Invocation of model ID anthropic.claude-sonnet-4-6 with on-demand throughput isn't supported.", ...meta(400) }), 'invalid-request', new RegExp(`Set the target's model to an inference profile id, e\\.g\\. "us\\.${MODEL}"\\.$`));
    assert.equal(onDemand.retryable, false);
    check(new ValidationException({ message: 'The provided model identifier is invalid.', ...meta(400) }), 'invalid-request', new RegExp(`Check the target's model id "${MODEL}" \\(is it available in us-east-1\\?\\)\\.$`));
    check(new ValidationException({ message: '', ...meta(400) }), 'invalid-request', /^Bedrock rejected the request as invalid\.$/);
    assert.equal(check(new AccessDeniedException({ message: "You don't have access to the model with the specified model ID.", ...meta(403) }), 'access-denied', /^You don't have access/).retryable, false);
    assert.equal(check(new ResourceNotFoundException({ message: 'Model not found.', ...meta(404) }), 'not-found', new RegExp(`^Not found in us-east-1: Model not found\\. Check the target's model id "${MODEL}"\\.$`)).retryable, false);
  });

  it("a profile's credential problems name the profile and the command that fixes them", () => {
    const expired = check(serviceError('ExpiredTokenException', 'The security token included in the request is expired'), 'credentials', /^The credentials of AWS profile "shard-a" have expired\. Run `aws sso login --profile shard-a`/);
    assert.deepEqual([expired.retryable, expired.profile, expired.code], [false, 'shard-a', 'ExpiredTokenException']);
    check(serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'), 'credentials', /^AWS did not recognise the access key of profile "shard-a" \(UnrecognizedClientException\)\. Check the profile's keys/);
    check(serviceError('InvalidSignatureException', 'The request signature we calculated does not match'), 'credentials', /the secret key does not match the access key\. Fix the profile's aws_secret_access_key/);
  });

  it('a profile missing from the real credentials files, and an expired SSO session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-'));
    try {
      writeFileSync(join(dir, 'credentials'), '[shard-b]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = not-a-real-secret\n');
      writeFileSync(join(dir, 'config'), '');
      const thrown = await fromIni({ profile: 'missing', filepath: join(dir, 'credentials'), configFilepath: join(dir, 'config') })().then(
        () => assert.fail('fromIni found a profile that is not there'),
        (err: unknown) => err,
      );
      const e = check(thrown, 'credentials', /^No usable credentials for AWS profile "missing": .+ Add the profile with `aws configure --profile missing` or `aws configure sso --profile missing`\.$/, { ...endpoint, profile: 'missing' });
      assert.equal(e.code, 'CredentialsProviderError');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const sso = Object.assign(new Error("Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."), { name: 'TokenProviderError' });
    check(sso, 'credentials', /^The SSO session of AWS profile "shard-a" has expired\. Run `aws sso login --profile shard-a` and try again\.$/);
  });

  it("targets without a profile: the message names the target and how to store the account's secret", () => {
    const secrets = { howToStore: ({ kind, account }: { kind: string; account: string }) => `Run "Store ${kind}" for ${account}.` };
    const on = (type: AuthType): Endpoint => ({ ...endpoint, profile: 'team', auth: { type } });
    const apiKey = classifyError(new AccessDeniedException({ message: 'Authentication failed: Please make sure your API Key is valid.', ...meta(403) }), on('api-key'), undefined, secrets);
    assert.equal(apiKey.kind, 'credentials');
    assert.equal(apiKey.message, 'Target "sonnet-a" (account "team"): Bedrock rejected the API key of account "team" (AccessDeniedException: Authentication failed: Please make sure your API Key is valid.). Store a valid key: Run "Store bearer-token" for team. (or fix AWS_BEARER_TOKEN_BEDROCK if the key comes from there).');
    const keys = classifyError(serviceError('InvalidSignatureException', 'Signature mismatch'), on('access-keys'), undefined, secrets);
    assert.match(keys.message, /^Target "sonnet-a" \(account "team"\): AWS rejected the stored access keys of account "team" \(InvalidSignatureException\)\. Store working keys: Run "Store access-key-id" for team\. Run "Store secret-access-key" for team\./);
    const chain = classifyError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), on('default-chain'), undefined, secrets);
    assert.match(chain.message, /The default credential chain gave no usable credentials for account "team" \(CredentialsProviderError: Could not load credentials from any providers\)\. Set AWS_ACCESS_KEY_ID/);
    const missing = classifyError(new MissingSecretError('team', 'bearer-token', 'Run "Store bearer-token" for team.'), on('api-key'), undefined, secrets);
    assert.equal(missing.kind, 'credentials');
    assert.match(missing.message, /^Target "sonnet-a" \(account "team"\): cannot authenticate\. No .+ is stored for account "team"\. Run "Store bearer-token" for team\.$/);
    assert.equal(classifyError(new AccessDeniedException({ message: 'Not authorized to invoke this model', ...meta(403) }), on('api-key'), undefined, secrets).kind, 'access-denied', 'a denied model is not a key problem');
  });

  it('network failures are unavailable (retryable); a client timeout is a timeout', () => {
    assert.ok(check(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'), 'unavailable', new RegExp(`^Could not reach Bedrock for ${WHERE} \\(ECONNREFUSED\\): connect ECONNREFUSED`)).retryable);
    check(networkError('ERR_HTTP2_GOAWAY_SESSION', 'New streams cannot be created after receiving a GOAWAY'), 'unavailable', /\(ERR_HTTP2_GOAWAY_SESSION\)/);
    check(new Error('socket hang up'), 'unavailable', /\(connection error\): socket hang up$/);
    check(Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }), 'timeout', new RegExp(`^The connection to Bedrock timed out \\(${WHERE}\\)\\.$`));
  });

  it('unknown errors fall back on the HTTP status; with none they are "unknown" (retryable)', () => {
    check(serviceError('SomethingNewException', 'slow down', 429), 'throttled', /^Bedrock throttled .*: slow down$/);
    check(serviceError('SomethingNewException', 'bad gateway', 502), 'unavailable', new RegExp(`^Bedrock returned HTTP 502 for ${WHERE}: bad gateway$`));
    check(serviceError('SomethingNewException', 'no', 403), 'access-denied', /^no$/);
    check(serviceError('SomethingNewException', '', 400), 'invalid-request', /^Bedrock rejected the request\.$/);
    const odd = check(serviceError('SomethingNewException', 'who knows', 418), 'unknown', new RegExp(`^Unexpected error from ${WHERE}: SomethingNewException: who knows$`));
    assert.equal(odd.retryable, true);
    check('a thrown string', 'unknown', /: a thrown string$/);
  });

  it('a cancelled call is "cancelled" whatever it threw; a ProviderError passes through as it is', () => {
    const ac = new AbortController();
    ac.abort();
    const e = classifyError(new ThrottlingException({ message: 'late', ...meta(429) }), endpoint, ac.signal);
    assert.deepEqual([e.kind, e.message, e.retryable], ['cancelled', 'The request was cancelled.', false]);
    check(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), 'cancelled', /^The request was cancelled\.$/);
    const own = new ProviderError('timeout', 'sonnet-a sent no first token within 30 s');
    assert.equal(classifyError(own, endpoint), own);
  });
});
