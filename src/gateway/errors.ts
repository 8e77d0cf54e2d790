/**
 * Errors in each protocol's own shape. Bedrock: status, `x-amzn-errortype` and `{ message }`
 * (Bedrock Runtime API reference, "Common Errors" and each operation's "Errors"). OpenAI:
 * `{ error: { message, type, param, code } }` with the statuses of OpenAI's "Error codes" page
 * (401 invalid key, 403 region/permission, 404 unknown model, 429 rate limit, 500/503).
 */
import { RouterError } from '../router';
import { type BedrockErrorCode, bedrockErrorResponse } from '../wire';

export type GatewayErrorKind = 'unauthorized' | 'host' | 'browser' | 'too-large' | 'invalid' | 'unknown-model' | 'not-found';

/** A request the gateway itself refuses, before the router sees it. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const BEDROCK_BY_GATEWAY: Record<GatewayErrorKind, BedrockErrorCode> = {
  unauthorized: 'UnrecognizedClientException',
  host: 'AccessDeniedException',
  browser: 'AccessDeniedException',
  'too-large': 'ValidationException',
  invalid: 'ValidationException',
  'unknown-model': 'ValidationException',
  'not-found': 'UnknownOperationException',
};

/**
 * `Retry-After` in real seconds. The router's times are its clock's: with the simulator's
 * time scale K, K simulated seconds pass in one real second, and the client waits in real time.
 */
function retryAfter(err: RouterError, timeScale: number): Record<string, string> {
  return err.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(err.retryAfterMs / timeScale / 1000))) };
}

export function bedrockCodeOf(err: RouterError): BedrockErrorCode {
  switch (err.kind) {
    case 'rate-limited':
      return 'ThrottlingException';
    case 'invalid-request':
      return 'ValidationException';
    case 'access-denied':
    case 'credentials':
      return 'AccessDeniedException';
    case 'unavailable':
      return 'ServiceUnavailableException';
    case 'interrupted':
      return 'ModelStreamErrorException';
    case 'config':
    case 'cancelled':
      return 'InternalServerException';
  }
}

/** Bedrock's shape for any error the gateway meets before it answered. */
export function bedrockError(err: unknown, timeScale = 1): ErrorResponse {
  if (err instanceof GatewayError) {
    const r = bedrockErrorResponse(BEDROCK_BY_GATEWAY[err.kind], err.message, err.kind === 'too-large' ? 413 : err.kind === 'host' || err.kind === 'browser' ? 403 : undefined);
    return r;
  }
  if (RouterError.isInstance(err)) {
    const r = bedrockErrorResponse(bedrockCodeOf(err), err.message);
    return { ...r, headers: { ...r.headers, ...retryAfter(err, timeScale) } };
  }
  return bedrockErrorResponse('InternalServerException', `The gateway failed: ${err instanceof Error ? err.message : String(err)}`);
}

function openAiBody(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

/** OpenAI's shape for any error the gateway meets before it answered. */
export function openAiError(err: unknown, timeScale = 1): ErrorResponse {
  const json = { 'content-type': 'application/json' };
  if (err instanceof GatewayError) {
    switch (err.kind) {
      case 'unauthorized':
        return { status: 401, headers: json, body: openAiBody(err.message, 'invalid_request_error', 'invalid_api_key') };
      case 'host':
      case 'browser':
        return { status: 403, headers: json, body: openAiBody(err.message, 'invalid_request_error', 'forbidden') };
      case 'too-large':
        return { status: 413, headers: json, body: openAiBody(err.message, 'invalid_request_error', 'request_too_large') };
      case 'unknown-model':
        return { status: 404, headers: json, body: openAiBody(err.message, 'invalid_request_error', 'model_not_found') };
      case 'not-found':
        return { status: 404, headers: json, body: openAiBody(err.message, 'invalid_request_error', 'unknown_url') };
      case 'invalid':
        return { status: 400, headers: json, body: openAiBody(err.message, 'invalid_request_error', null) };
    }
  }
  if (RouterError.isInstance(err)) {
    switch (err.kind) {
      case 'rate-limited':
        return { status: 429, headers: { ...json, ...retryAfter(err, timeScale) }, body: openAiBody(err.message, 'requests', 'rate_limit_exceeded') };
      case 'invalid-request':
        return { status: 400, headers: json, body: openAiBody(err.message, 'invalid_request_error', null) };
      case 'access-denied':
      case 'credentials':
        return { status: 403, headers: json, body: openAiBody(err.message, 'permission_error', 'permission_denied') };
      case 'unavailable':
        return { status: 503, headers: { ...json, ...retryAfter(err, timeScale) }, body: openAiBody(err.message, 'server_error', 'service_unavailable') };
      default:
        return { status: 500, headers: json, body: openAiBody(err.message, 'server_error', null) };
    }
  }
  return { status: 500, headers: json, body: openAiBody(`The gateway failed: ${err instanceof Error ? err.message : String(err)}`, 'server_error', null) };
}
