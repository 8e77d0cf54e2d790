/**
 * Prompt caching, as Bedrock reports it: a request's cache points split its prompt into
 * prefixes (tools, then system, then messages, in that order). The longest prefix this
 * account already cached for the model is read from the cache; the rest, up to the last
 * cache point, is written. Entries live five minutes from their last use, on the
 * simulator's clock, so runs are deterministic. Prefixes shorter than the minimum are not
 * cached (the cache point is ignored, as Bedrock does).
 */
import { createHash } from 'node:crypto';

export const CACHE_TTL_MS = 5 * 60_000;
/** Fewest tokens a cached prefix must hold. */
export const MIN_CACHE_TOKENS = 1_024;

export interface CachePrefix {
  /** Stable text of everything before the cache point. */
  key: string;
  /** Estimated tokens before the cache point. */
  tokens: number;
}

export interface CacheUsage {
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Reads and writes the request's prefixes; returns the tokens read from and written to the cache. */
  use(scope: string, prefixes: readonly CachePrefix[]): CacheUsage {
    const now = this.now();
    const eligible = prefixes.filter((p) => p.tokens >= MIN_CACHE_TOKENS);
    if (eligible.length === 0) return { cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
    const keys = eligible.map((p) => createHash('sha256').update(scope).update('\u0000').update(p.key).digest('hex'));
    let read = 0;
    for (let i = eligible.length - 1; i >= 0; i--) {
      const until = this.entries.get(keys[i]!);
      if (until !== undefined && until > now) {
        read = eligible[i]!.tokens;
        break;
      }
    }
    const last = eligible[eligible.length - 1]!.tokens;
    for (const key of keys) this.entries.set(key, now + CACHE_TTL_MS);
    return { cacheReadInputTokens: read, cacheWriteInputTokens: last - read };
  }

  clear(): void {
    this.entries.clear();
  }
}
