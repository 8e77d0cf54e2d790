import { type ServiceTier } from '../core/catalog';
import { type ErrorKind } from '../providers/errors';
import { type Usage } from '../providers/types';

/** What kind of failure ended a request (`RouterError.kind`). */
export type RouterErrorKind =
  /** The tenant (workspace) is over its quota. */
  | 'rate-limited'
  /** No target of the route or its fallbacks could serve the request. */
  | 'unavailable'
  | 'invalid-request'
  | 'access-denied'
  | 'credentials'
  | 'cancelled'
  /** The answer failed after it had started streaming. */
  | 'interrupted'
  | 'config';

export type RequestOutcome = 'succeeded' | 'rate-limited' | 'failed' | 'cancelled';

export interface ServedBy {
  targetId: string;
  route: string;
  model: string;
  profile: string;
  region: string;
}

export interface AttemptRecord extends ServedBy {
  startedAt: number;
  latencyMs: number;
  outcome: 'ok' | ErrorKind;
  message?: string;
  /** The half-open probe after a cooldown. */
  probe: boolean;
  ttftMs?: number;
  /** The Bedrock service tier the attempt asked for, when one was set. */
  serviceTier?: ServiceTier;
  /** A hedge: a second attempt started because the first one's first token was late. */
  hedge?: boolean;
  /** The attempt went at `priority` because an earlier one on this target was throttled or slow (route.escalateToPriority). */
  escalated?: boolean;
}

export interface SkipRecord {
  targetId: string;
  route: string;
  reason: string;
  retryAfterMs?: number;
  /** Set when the target was passed over for a credentials problem of this AWS profile. */
  credentialsProfile?: string;
  /** Set when the target was passed over because one of its own limits (RPM, TPM, concurrency) was full: it frees up by itself. */
  atLimit?: true;
}

/** Everything that happened to one request: what the UI, logs and demos read. */
export interface RequestRecord {
  id: string;
  route: string;
  tenant: string;
  /** The tool that sent it through the gateway ("Claude Code 2.1.197"); absent for the editor's own requests. */
  client?: string;
  startedAt: number;
  endedAt: number;
  outcome: RequestOutcome;
  errorKind?: RouterErrorKind;
  message?: string;
  attempts: AttemptRecord[];
  /** Why targets were passed over without a call (last reason per target). */
  skipped: SkipRecord[];
  servedBy?: ServedBy;
  /** 0 when the request's own route served it, 1 for its first fallback route, and so on. */
  fallbackDepth?: number;
  ttftMs?: number;
  totalMs: number;
  /** Time spent waiting for a target to recover or free up. */
  waitedMs: number;
  usage?: Usage;
  costUsd?: number;
  /** A hedge was started for this request, and which attempt's answer was streamed. */
  hedged?: boolean;
  hedgeWinner?: 'first' | 'hedge';
  /** What the same usage would have cost on the most expensive target of the request's route (the dashboard's yardstick). */
  baselineCostUsd?: number;
}

/** How the answer was served, compactly: "claude-sonnet-4-6 · shard-a · us-east-1 · 2 attempts, 1 fallback". */
export function describeService(record: RequestRecord): string {
  const s = record.servedBy;
  if (!s) return record.message ?? record.outcome;
  const parts = [`${s.targetId} (${s.model} · ${s.profile} · ${s.region})`];
  const n = record.attempts.length;
  parts.push(n === 1 ? '1 attempt' : `${n} attempts`);
  if (record.fallbackDepth) parts.push(record.fallbackDepth === 1 ? `fallback route ${s.route}` : `fallback route ${s.route} (depth ${record.fallbackDepth})`);
  if (record.waitedMs > 0) parts.push(`waited ${Math.round(record.waitedMs)} ms`);
  return parts.join(', ');
}
