import { COMMON } from './common';
import { type MemberInput, memberScript, type RedisScript } from './script';

/**
 * Moves a lease's request and token entries to `now`, when the service accepted the request,
 * as MemoryLimitStore.restamp does: an entry still in the window keeps counting, from now;
 * one that already left it counts again from now. Nothing once the lease is settled.
 * KEYS: 3 per spec (req, tok, toktotal), then lease.
 * Replies 1 if the lease was moved (true), 0 if it was settled, cancelled or expired (false).
 */
export const RESTAMP: RedisScript<MemberInput, boolean> = {
  name: 'rllmRestamp',
  lua: `${COMMON}
${memberScript.lua(3)}
local entry = member .. '|' .. reserved
local cutoff = now - WINDOW
for i = 1, n do
  local b = (i - 1) * 3
  local r, t, tt = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3]
  redis.call('ZREMRANGEBYSCORE', r, '-inf', fmt(cutoff))
  redis.call('ZADD', r, fmt(now), member)
  redis.call('PEXPIRE', r, windowPx)
  local total = pruneTokens(t, tt, cutoff, windowPx)
  -- ZADD counts only new members: an entry that had left the window adds its tokens again.
  if redis.call('ZADD', t, fmt(now), entry) == 1 then total = total + tonumber(reserved) end
  redis.call('PEXPIRE', t, windowPx)
  redis.call('SET', tt, fmt(total), 'PX', windowPx)
end
return 1
`,
  encode: (input) => memberScript.encode(input, 3),
  decode: (reply) => reply === 1,
};
