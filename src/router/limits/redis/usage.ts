import { type LimitUsage } from '../types';
import { COMMON } from './common';
import { argv, type KeySpace, type RedisScript, strings, usages } from './script';

const A = argv({ now: 'number' });

export interface UsageInput {
  readonly keys: KeySpace;
  readonly limitKeys: readonly string[];
  /** Today. */
  readonly day: number;
  readonly now: number;
}

/**
 * Current use under some keys, read-only.
 * KEYS: 5 per key (req, tok, toktotal, inflight, day of today).
 * Replies per key: rpm, tpm, inFlight, tokensToday.
 */
export const USAGE: RedisScript<UsageInput, LimitUsage[]> = {
  name: 'rllmUsage',
  lua: `${COMMON}
${A.locals}
local cutoff = now - WINDOW
local out = {}
for i = 1, #KEYS / 5 do
  local b = (i - 1) * 5
  local r, t, tt, c, d = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5]
  local total = 0
  if redis.call('ZCOUNT', t, '(' .. fmt(cutoff), '+inf') > 0 then
    total = tonumber(redis.call('GET', tt) or '0')
    local old = redis.call('ZRANGEBYSCORE', t, '-inf', fmt(cutoff))
    for j = 1, #old do total = total - amountOf(old[j]) end
  end
  table.insert(out, tostring(redis.call('ZCOUNT', r, '(' .. fmt(cutoff), '+inf')))
  table.insert(out, fmt(total))
  table.insert(out, tostring(redis.call('ZCOUNT', c, '(' .. fmt(now), '+inf')))
  table.insert(out, redis.call('GET', d) or '0')
end
return out
`,
  encode: ({ keys, limitKeys, day, now }) => ({ keys: limitKeys.flatMap((k) => keys.limit(k, day).slice(0, 5)), args: A.encode({ now }) }),
  decode: (reply) => usages(strings(reply), 0),
};
