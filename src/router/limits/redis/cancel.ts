import { COMMON } from './common';
import { type MemberInput, memberScript, type RedisScript } from './script';

/**
 * Undoes an admission whose reply never arrived (a timeout): if it happened, its request,
 * tokens, day count and slot are removed. At most once, like FINISH.
 * KEYS: 6 per spec (the day key of the admission's day), then lease.
 * Replies 1 if an admission was undone (true), 0 if there was none (false).
 */
export const CANCEL: RedisScript<MemberInput, boolean> = {
  name: 'rllmCancel',
  lua: `${COMMON}
${memberScript.lua(6)}
redis.call('DEL', leaseKey)
local r0 = tonumber(reserved)
local old = member .. '|' .. reserved
local cutoff = now - WINDOW
for i = 1, n do
  local b = (i - 1) * 6
  local r, t, tt, c, d = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5]
  redis.call('ZREM', r, member)
  redis.call('ZREM', c, member)
  local total = pruneTokens(t, tt, cutoff, windowPx)
  if redis.call('ZREM', t, old) == 1 then
    if redis.call('ZCARD', t) == 0 then redis.call('DEL', tt) else keep(tt, fmt(total - r0), windowPx) end
  end
  local today = redis.call('GET', d)
  if today then redis.call('SET', d, fmt(tonumber(today) - r0), 'KEEPTTL') end
end
return 1
`,
  encode: (input) => memberScript.encode(input, 6),
  decode: (reply) => reply === 1,
};
