/**
 * Errors are values with a kind. The router acts on the kind; people read the message.
 */
export type ErrorKind =
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'model-not-ready'
  | 'invalid-request'
  | 'access-denied'
  | 'credentials'
  | 'not-found'
  | 'cancelled'
  | 'stream-error'
  | 'unknown';

/** Kinds worth another attempt (on another target first). */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['throttled', 'unavailable', 'timeout', 'model-not-ready', 'stream-error', 'unknown']);

export interface ProviderErrorOptions {
  /** The service's error code, e.g. `ThrottlingException`. */
  code?: string;
  statusCode?: number;
  /** How long the service asked us to wait, when it said. */
  retryAfterMs?: number;
  /** The AWS profile involved, for credential problems. */
  profile?: string;
  region?: string;
  model?: string;
  cause?: unknown;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code?: string;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
  readonly profile?: string;
  readonly region?: string;
  readonly model?: string;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
    this.profile = options.profile;
    this.region = options.region;
    this.model = options.model;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }

  static isInstance(value: unknown): value is ProviderError {
    return value instanceof ProviderError || (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'ProviderError' && typeof (value as { kind?: unknown }).kind === 'string');
  }
}
