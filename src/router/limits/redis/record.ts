import { COMMON } from './common';
import { argv, type KeySpace, type RedisScript } from './script';

const A = argv({ now: 'number', markerPx: 'string', windowPx: 'string', dayPx: 'string', keyCount: 'number' });

/** Usage to add to Redis: per limit key, window entries and tokens for today. */
export interface ReplayBatch {
  readonly id: string;
  /** `was`: the tokens an earlier batch told for this member while it was running (its reservation), now replaced by `tokens`. */
  readonly keys: ReadonlyArray<{ key: string; dayDelta: number; entries: ReadonlyArray<{ member: string; at: number; tokens: number; was?: number }> }>;
}

export interface RecordInput {
  readonly keys: KeySpace;
  readonly batch: ReplayBatch;
  /** Today. */
  readonly day: number;
  readonly now: number;
  readonly markerPx: number;
  readonly windowPx: number;
  readonly dayPx: number;
}

/**
 * Adds usage that Redis does not know about: admissions made in-process while Redis was
 * unreachable, or everything this process admitted recently after Redis lost its data.
 * Applied at most once per batch id (the marker key); window entries are added only if
 * absent and still in the window.
 * KEYS: marker, then 4 per limit key (req, tok, toktotal, day of today).
 * ARGV: the named arguments, then per key: dayDelta, entry count, then per entry: member,
 *       at, tokens, was ('' or the tokens an earlier batch told while the request was
 *       running: that window entry is replaced).
 * Replies 1 if applied (true), 0 if this batch was applied before (false).
 */
export const RECORD: RedisScript<RecordInput, boolean> = {
  name: 'rllmRecord',
  lua: `${COMMON}
${A.locals}
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', markerPx) then return 0 end
local cutoff = now - WINDOW
local pos = ${A.count + 1}
for i = 1, keyCount do
  local b = 1 + (i - 1) * 4
  local r, t, tt, d = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4]
  local dayDelta = tonumber(ARGV[pos])
  local count = tonumber(ARGV[pos + 1])
  pos = pos + 2
  local total = pruneTokens(t, tt, cutoff, windowPx)
  local added = false
  for _ = 1, count do
    local m, at, amount, was = ARGV[pos], tonumber(ARGV[pos + 1]), ARGV[pos + 2], ARGV[pos + 3]
    pos = pos + 4
    if at > cutoff and redis.call('ZADD', r, 'NX', fmt(at), m) == 1 then
      redis.call('ZADD', t, fmt(at), m .. '|' .. amount)
      total = total + tonumber(amount)
      added = true
    elseif at > cutoff and was ~= '' and redis.call('ZREM', t, m .. '|' .. was) == 1 then
      -- Settled after its reservation was replayed: the real usage replaces the reservation.
      redis.call('ZADD', t, fmt(at), m .. '|' .. amount)
      total = total + tonumber(amount) - tonumber(was)
      added = true
    end
  end
  if added then
    redis.call('PEXPIRE', r, windowPx)
    redis.call('PEXPIRE', t, windowPx)
    redis.call('SET', tt, fmt(total), 'PX', windowPx)
  end
  if dayDelta ~= 0 then
    redis.call('SET', d, fmt(tonumber(redis.call('GET', d) or '0') + dayDelta), 'PX', dayPx)
  end
end
return 1
`,
  encode({ keys, batch, day, now, markerPx, windowPx, dayPx }) {
    const k = [keys.key(`replay:${batch.id}`)];
    const args = A.encode({ now, markerPx, windowPx, dayPx, keyCount: batch.keys.length });
    for (const b of batch.keys) {
      k.push(...keys.limit(b.key, day).slice(0, 3), keys.key(`${b.key}:day:${day}`));
      args.push(String(b.dayDelta), String(b.entries.length));
      for (const e of b.entries) args.push(e.member, String(e.at), String(e.tokens), e.was === undefined ? '' : String(e.was));
    }
    return { keys: k, args };
  },
  decode: (reply) => reply === 1,
};
