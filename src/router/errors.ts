import { type RequestRecord, type RouterErrorKind, type SkipRecord } from './records';

export type { RouterErrorKind };

export interface RouterErrorOptions {
  retryAfterMs?: number;
  skipped?: SkipRecord[];
  profile?: string;
  cause?: unknown;
  /** The message without the per-target details, for a UI that lists those itself. */
  summary?: string;
}

/** The one error type the router throws. Its message says what happened and what to do. */
export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly retryAfterMs?: number;
  readonly skipped: SkipRecord[];
  readonly profile?: string;
  /** The message without the per-target details (`skipped`), for a UI that lists those itself. */
  readonly summary: string;
  /** Set once the request's record is complete. */
  record?: RequestRecord;

  constructor(
    readonly kind: RouterErrorKind,
    message: string,
    options: RouterErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.skipped = options.skipped ?? [];
    this.profile = options.profile;
    this.summary = options.summary ?? message;
  }

  static isInstance(value: unknown): value is RouterError {
    return value instanceof RouterError || (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'RouterError');
  }
}
