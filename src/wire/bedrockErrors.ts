/**
 * Bedrock Runtime's error shapes: an `x-amzn-errortype` header naming the error, a JSON
 * body `{ "message": ... }`, and the status code the SDK maps back to the error class.
 * Status codes from the Bedrock Runtime API reference (Converse, "Errors"); the
 * Coral-service suffix is what real Bedrock appends to its own and to auth errors.
 */

export type BedrockErrorCode =
  | 'ThrottlingException'
  | 'ModelNotReadyException'
  | 'ServiceUnavailableException'
  | 'InternalServerException'
  | 'ModelTimeoutException'
  | 'ModelErrorException'
  | 'ModelStreamErrorException'
  | 'ValidationException'
  | 'ServiceQuotaExceededException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'ExpiredTokenException'
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'InvalidParameterException'
  | 'MalformedQueryException'
  // Service Quotas (the simulator serves its API on the same endpoint).
  | 'NoSuchResourceException'
  | 'IllegalArgumentException'
  | 'InvalidPaginationTokenException';

export const STATUS_BY_CODE: Readonly<Record<BedrockErrorCode, number>> = {
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  ExpiredTokenException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  UnknownOperationException: 404,
  SerializationException: 400,
  InvalidParameterException: 400,
  MalformedQueryException: 400,
  NoSuchResourceException: 400,
  IllegalArgumentException: 400,
  InvalidPaginationTokenException: 400,
};

/** Messages Bedrock uses, word for word where known. */
export const BEDROCK_MESSAGES = {
  tooManyRequests: 'Too many requests, please wait before trying again.',
  tooManyTokens: 'Too many tokens, please wait before trying again.',
  invalidModel: 'The provided model identifier is invalid.',
  needsProfile: (modelId: string) =>
    `Invocation of model ID ${modelId} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
  modelNotReady: 'Model is not ready to serve inference requests. Wait and try your request again.',
  unavailable: 'Bedrock is unable to process your request.',
  internal: 'The system encountered an unexpected error during processing. Try your request again.',
  modelTimeout: 'Model has timed out in processing the request. Try your request again.',
  modelError: 'The model encountered an error processing your request. Try your request again.',
  streamError: 'The model stream encountered an error. Try your request again.',
  unrecognizedClient: 'The security token included in the request is invalid.',
  invalidSignature:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  expiredToken: 'The security token included in the request is expired',
  missingAuth: 'Missing Authentication Token',
} as const;

const BEDROCK_SUFFIX = ':http://internal.amazon.com/coral/com.amazon.bedrock/';
const CORAL_SUFFIX = ':http://internal.amazon.com/coral/com.amazon.coral.service/';
const CORAL_CODES = new Set<BedrockErrorCode>(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'MissingAuthenticationTokenException', 'IncompleteSignatureException', 'UnknownOperationException', 'SerializationException']);

/** The `x-amzn-errortype` value real Bedrock sends for `code`. */
export function errorTypeHeader(code: BedrockErrorCode): string {
  return `${code}${CORAL_CODES.has(code) ? CORAL_SUFFIX : BEDROCK_SUFFIX}`;
}

/** A complete Bedrock error response (restJson1): status, headers and body. */
export function bedrockErrorResponse(code: BedrockErrorCode, message: string, status = STATUS_BY_CODE[code]): { status: number; headers: Record<string, string>; body: string } {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': errorTypeHeader(code) }, body: JSON.stringify({ message }) };
}

/** The `:exception-type` of an error that arrives inside an event stream (lower camel case, as the SDK expects). */
export function streamExceptionType(code: BedrockErrorCode): string {
  return code.charAt(0).toLowerCase() + code.slice(1);
}
