/**
 * Bedrock-shaped errors: a status code, an `x-amzn-errortype` name and a message.
 * Handlers throw `SimError`; the transport turns it into a response.
 */

import { type BedrockErrorCode, BEDROCK_MESSAGES, STATUS_BY_CODE } from '../wire';

export { type BedrockErrorCode, STATUS_BY_CODE };

export class SimError extends Error {
  override readonly name = 'SimError';
  readonly status: number;
  constructor(
    readonly code: BedrockErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? STATUS_BY_CODE[code];
  }
  static isInstance(value: unknown): value is SimError {
    return value instanceof SimError;
  }
}

/** Messages Bedrock uses, word for word where known. */
export const MESSAGES = BEDROCK_MESSAGES;

/**
 * Fault kinds a scenario or the admin API can inject, and the error each becomes.
 * Names are short and stable; the value is the error code.
 */
export const FAULT_ERROR_KINDS = {
  throttle: 'ThrottlingException',
  'not-ready': 'ModelNotReadyException',
  unavailable: 'ServiceUnavailableException',
  internal: 'InternalServerException',
  timeout: 'ModelTimeoutException',
  'model-error': 'ModelErrorException',
  'quota-exceeded': 'ServiceQuotaExceededException',
  'access-denied': 'AccessDeniedException',
  validation: 'ValidationException',
} as const satisfies Record<string, BedrockErrorCode>;

export type FaultErrorKind = keyof typeof FAULT_ERROR_KINDS;
export const FAULT_ERROR_KIND_NAMES = Object.keys(FAULT_ERROR_KINDS) as [FaultErrorKind, ...FaultErrorKind[]];

/** Error kinds that can arrive inside an event stream, and their frame `:exception-type`. */
export const STREAM_EXCEPTION_KINDS = {
  throttle: 'throttlingException',
  internal: 'internalServerException',
  unavailable: 'serviceUnavailableException',
  validation: 'validationException',
  'model-stream-error': 'modelStreamErrorException',
} as const;

export type StreamExceptionKind = keyof typeof STREAM_EXCEPTION_KINDS;
export const STREAM_EXCEPTION_KIND_NAMES = Object.keys(STREAM_EXCEPTION_KINDS) as [StreamExceptionKind, ...StreamExceptionKind[]];

const DEFAULT_MESSAGE: Partial<Record<BedrockErrorCode, string>> = {
  ThrottlingException: MESSAGES.tooManyRequests,
  ModelNotReadyException: MESSAGES.modelNotReady,
  ServiceUnavailableException: MESSAGES.unavailable,
  InternalServerException: MESSAGES.internal,
  ModelTimeoutException: MESSAGES.modelTimeout,
  ModelErrorException: MESSAGES.modelError,
  ModelStreamErrorException: MESSAGES.streamError,
  ServiceQuotaExceededException: 'Your request exceeds the service quota for your account. You can view your quotas at https://docs.aws.amazon.com/servicequotas/latest/userguide/gs-request-quota.html',
  AccessDeniedException: 'You don\u2019t have access to the model with the specified model ID.',
  ValidationException: 'The request failed validation (injected by the simulator).',
};

export function faultError(kind: FaultErrorKind, message?: string): SimError {
  const code = FAULT_ERROR_KINDS[kind];
  return new SimError(code, message ?? DEFAULT_MESSAGE[code] ?? code);
}

export function streamExceptionMessage(kind: StreamExceptionKind): string {
  switch (kind) {
    case 'throttle':
      return MESSAGES.tooManyRequests;
    case 'internal':
      return MESSAGES.internal;
    case 'unavailable':
      return MESSAGES.unavailable;
    case 'validation':
      return 'The stream failed validation (injected by the simulator).';
    case 'model-stream-error':
      return MESSAGES.streamError;
  }
}
