import { type ProviderError } from '../providers/errors';
import { RouterError } from './errors';
import { formatMs } from '../core/duration';
import { describeSkips } from './planner';
import { type AttemptRecord, type SkipRecord } from './records';
import { type TargetRuntime } from './targets';

const VERBS: Record<string, string> = {
  throttled: 'was throttled',
  unavailable: 'is unavailable',
  timeout: 'timed out',
  'model-not-ready': 'reports the model not ready',
  'stream-error': 'failed mid-stream',
  credentials: 'has a credentials problem',
  'not-found': 'does not have the model',
  unknown: 'failed',
};

/** "sonnet-a was throttled" */
export function describeFailure(a: AttemptRecord): string {
  return `${a.targetId} ${a.outcome === 'ok' ? 'answered' : (VERBS[a.outcome] ?? a.outcome)}`;
}

/** Errors that end the request at once: retrying elsewhere would fail the same way or do harm. */
export function nonRetryableError(e: ProviderError, t: TargetRuntime): RouterError | undefined {
  switch (e.kind) {
    case 'invalid-request':
      return new RouterError('invalid-request', `Bedrock rejected the request (target ${t.id}, ${t.config.model}): ${e.message}`, { cause: e });
    case 'access-denied':
      return new RouterError(
        'access-denied',
        `Access denied for target ${t.id} (profile ${t.config.profile}, ${t.config.region}, ${t.config.model}): ${e.message} Check that this account has access to the model in that Region (Bedrock console, Model access) and that the profile's role allows bedrock:InvokeModel.`,
        { cause: e, profile: t.config.profile },
      );
    case 'cancelled':
      return new RouterError('cancelled', 'The request was cancelled.', { cause: e });
    default:
      return undefined;
  }
}

const CONTEXT_WINDOW = /exceeds its context window/;

/** The error for a request nothing could serve: every target and why. */
export function finalError(route: string, skipped: SkipRecord[], lastError: ProviderError | undefined, tried: boolean, why?: string): RouterError {
  const retryTimes = skipped.map((s) => s.retryAfterMs).filter((t): t is number => t !== undefined && t > 0);
  const retryAfterMs = retryTimes.length > 0 ? Math.min(...retryTimes) : undefined;
  if (lastError?.kind === 'credentials' && skipped.every((s) => s.reason === lastError.message || s.credentialsProfile !== undefined || /credential/i.test(s.reason))) {
    return new RouterError('credentials', lastError.message, { cause: lastError, profile: lastError.profile, skipped, retryAfterMs });
  }
  // Every target is resting after a credentials problem seen by an earlier request: the same error, not "unavailable".
  if (!lastError && skipped.length > 0 && skipped.every((s) => s.credentialsProfile !== undefined)) {
    return new RouterError('credentials', [...new Set(skipped.map((s) => s.reason))].join(' '), { profile: skipped[0]!.credentialsProfile, skipped, retryAfterMs });
  }
  // Too large for every target: the request itself must change, so say so as an invalid request.
  if (!lastError && skipped.length > 0 && skipped.every((s) => CONTEXT_WINDOW.test(s.reason))) {
    return new RouterError('invalid-request', `The request is too large for every target of route "${route}": ${describeSkips(skipped)}. Shorten the conversation or attach less, or add a target with a larger context window.`, { skipped });
  }
  // Nothing failed: every target was passed over at one of its own limits. That is rate limiting by
  // our limits (as a workspace over its quota is), not a failure, and it frees up by itself.
  if (!lastError && !tried && skipped.length > 0 && skipped.every((s) => s.atLimit)) {
    const frees = retryAfterMs !== undefined ? ` The first one frees up in ${formatMs(retryAfterMs)}.` : '';
    const head = `Every target of route "${route}" is at its limit.${frees}`;
    return new RouterError('rate-limited', `${head} ${describeSkips(skipped)}.`, { skipped, retryAfterMs, summary: head });
  }
  const head = `No target could serve route "${route}"${why ? `: ${why}` : ''}.`;
  const details = skipped.length > 0 ? ` ${describeSkips(skipped)}.` : '';
  const last = lastError && tried ? ` Last error: ${lastError.message}` : '';
  return new RouterError('unavailable', `${head}${details}${last}`, { cause: lastError, skipped, retryAfterMs, summary: `${head}${last}` });
}
