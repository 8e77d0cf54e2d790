/**
 * The Lua scripts behind the Redis limit store. Each runs atomically inside Redis, so one
 * admission checks and reserves every limit of every spec in one round trip, with no
 * other client in between. They mirror `MemoryLimitStore` and `SlidingWindow` exactly:
 * same order of checks, same arithmetic (Lua numbers are doubles, as in JavaScript), same
 * retry-after times. Time is always the router's clock (`now` is an argument, never
 * Redis TIME), so simulated clocks work.
 *
 * Keys per limit key K (all under the store's prefix):
 * - `K:req`      sorted set: one member per admission, score = admission time, then acceptance time (RESTAMP) (RPM window)
 * - `K:tok`      sorted set: `member|amount`, score as in `K:req` (TPM window)
 * - `K:toktotal` string: the TPM window's running total
 * - `K:inflight` sorted set: admissions holding a concurrency slot, score = lease expiry
 * - `K:day:<n>`  string: tokens on UTC day n
 * - `K:cooldown` string: `until|reason`
 * plus `lease:<member>` (the reservation, so settling and cancelling happen at most once),
 * `epoch` (changes when Redis lost its data) and `instances` (heartbeats).
 * Every key gets a TTL a little beyond its window, so nothing grows without bound.
 * Numbers are returned as strings: Redis would truncate Lua numbers to integers.
 */

const COMMON = `
local WINDOW = 60000
local function fmt(x) return string.format('%.17g', x) end
local function amountOf(m) return tonumber(string.match(m, '|([^|]*)$')) end
local function keep(key, value, px)
  if redis.call('EXISTS', key) == 1 then redis.call('SET', key, value, 'KEEPTTL') else redis.call('SET', key, value, 'PX', px) end
end
-- Drops token entries that left the window (at <= cutoff) and returns the running total,
-- exactly as SlidingWindow.prune does: subtract each expired amount, zero when empty.
local function pruneTokens(t, tt, cutoff, px)
  local total = tonumber(redis.call('GET', tt) or '0')
  local old = redis.call('ZRANGEBYSCORE', t, '-inf', fmt(cutoff))
  local changed = false
  if #old > 0 then
    for j = 1, #old do total = total - amountOf(old[j]) end
    redis.call('ZREMRANGEBYSCORE', t, '-inf', fmt(cutoff))
    changed = true
  end
  if redis.call('ZCARD', t) == 0 then
    if total ~= 0 or changed then redis.call('DEL', tt) end
    return 0
  end
  if changed then keep(tt, fmt(total), px) end
  return total
end
`;

/**
 * KEYS: 6 per spec (req, tok, toktotal, inflight, day, cooldown), then lease, epoch.
 * ARGV: now, tokens, member, inflightExpiry, leasePx, expectedEpoch, candidateEpoch,
 *       dayEnd, windowPx, dayPx, epochPx, n, then per spec: rpm, tpm, concurrency, tokensPerDay ('' = none).
 * Returns {'ok', epoch, then per spec: rpm, tpm, inFlight, tokensToday}
 *       | {'deny', specIndex, limit, used, max, retryAfterMs ('' = none), tooLarge ('1'/'0'), reason}
 *       | {'epoch', epoch} when Redis lost its data since the caller last looked.
 */
export const ADMIT = `${COMMON}
local now = tonumber(ARGV[1])
local tokens = tonumber(ARGV[2])
local member = ARGV[3]
local inflightExpiry = ARGV[4]
local leasePx = ARGV[5]
local expected = ARGV[6]
local dayEnd = tonumber(ARGV[8])
local windowPx = ARGV[9]
local dayPx = ARGV[10]
local n = tonumber(ARGV[12])
local epochKey = KEYS[6 * n + 2]
local epoch = redis.call('GET', epochKey)
if not epoch then
  epoch = ARGV[7]
  redis.call('SET', epochKey, epoch, 'PX', ARGV[11])
end
if expected ~= '' and expected ~= epoch then return {'epoch', epoch} end
redis.call('PEXPIRE', epochKey, ARGV[11])
local cutoff = now - WINDOW
local function lim(j)
  local v = ARGV[12 + j]
  if v == '' then return nil end
  return tonumber(v)
end

for i = 1, n do
  local b = (i - 1) * 6
  local r, t, tt, c, d, cool = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5], KEYS[b + 6]
  local a = (i - 1) * 4
  local rpm, tpm, conc, tpd = lim(a + 1), lim(a + 2), lim(a + 3), lim(a + 4)
  local cv = redis.call('GET', cool)
  if cv then
    local sep = string.find(cv, '|', 1, true)
    local untilMs = tonumber(string.sub(cv, 1, sep - 1))
    if now < untilMs then return {'deny', tostring(i), 'cooldown', '0', '0', fmt(untilMs - now), '0', string.sub(cv, sep + 1)} end
  end
  redis.call('ZREMRANGEBYSCORE', c, '-inf', fmt(now))
  if conc then
    local inflight = redis.call('ZCARD', c)
    if inflight >= conc then return {'deny', tostring(i), 'concurrency', tostring(inflight), fmt(conc), '', '0', ''} end
  end
  if rpm then
    redis.call('ZREMRANGEBYSCORE', r, '-inf', fmt(cutoff))
    local used = redis.call('ZCARD', r)
    if used + 1 > rpm then
      local retry = ''
      if 1 <= rpm then
        -- Every entry counts 1: the request fits once the ceil(excess)-th oldest leaves the window.
        local k = math.ceil(used + 1 - rpm)
        retry = fmt(WINDOW)
        if k <= used then
          local e = redis.call('ZRANGE', r, k - 1, k - 1, 'WITHSCORES')
          retry = fmt(math.max(1, tonumber(e[2]) + WINDOW - now + 1))
        end
      end
      return {'deny', tostring(i), 'rpm', tostring(used), fmt(rpm), retry, '0', ''}
    end
  end
  if tpm then
    local total = pruneTokens(t, tt, cutoff, windowPx)
    if total + tokens > tpm then
      local tooLarge = tokens > tpm
      local retry = ''
      if not tooLarge then
        local excess = total + tokens - tpm
        retry = fmt(WINDOW)
        local es = redis.call('ZRANGE', t, 0, -1, 'WITHSCORES')
        for j = 1, #es, 2 do
          excess = excess - amountOf(es[j])
          if excess <= 0 then
            retry = fmt(math.max(1, tonumber(es[j + 1]) + WINDOW - now + 1))
            break
          end
        end
      end
      return {'deny', tostring(i), 'tpm', fmt(total), fmt(tpm), retry, tooLarge and '1' or '0', ''}
    end
  end
  if tpd then
    local today = tonumber(redis.call('GET', d) or '0')
    if today + tokens > tpd then
      local tooLarge = tokens > tpd
      return {'deny', tostring(i), 'tokensPerDay', fmt(today), fmt(tpd), tooLarge and '' or fmt(dayEnd - now), tooLarge and '1' or '0', ''}
    end
  end
end

local amount = fmt(tokens)
local out = {'ok', epoch}
for i = 1, n do
  local b = (i - 1) * 6
  local r, t, tt, c, d = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5]
  redis.call('ZREMRANGEBYSCORE', r, '-inf', fmt(cutoff))
  redis.call('ZADD', r, fmt(now), member)
  redis.call('PEXPIRE', r, windowPx)
  local total = pruneTokens(t, tt, cutoff, windowPx) + tokens
  redis.call('ZADD', t, fmt(now), member .. '|' .. amount)
  redis.call('PEXPIRE', t, windowPx)
  redis.call('SET', tt, fmt(total), 'PX', windowPx)
  if lim((i - 1) * 4 + 3) then
    redis.call('ZADD', c, inflightExpiry, member)
    redis.call('PEXPIRE', c, leasePx)
  end
  local today = tonumber(redis.call('GET', d) or '0') + tokens
  redis.call('SET', d, fmt(today), 'PX', dayPx)
  table.insert(out, tostring(redis.call('ZCARD', r)))
  table.insert(out, fmt(total))
  table.insert(out, tostring(redis.call('ZCARD', c)))
  table.insert(out, fmt(today))
end
redis.call('SET', KEYS[6 * n + 1], amount, 'PX', leasePx)
return out
`;

/**
 * Settles a lease: the real token count replaces the reservation (if still in the window),
 * the day's counter moves by the difference, concurrency slots are freed. At most once.
 * KEYS: 6 per spec (the day key of the admission's day), then lease, epoch.
 * ARGV: now, actualTokens, member, leaseEpoch, windowPx, n, candidateEpoch, epochPx,
 *       then per spec 1 if it held a slot.
 * Returns {'ok', then per spec: rpm, tpm, inFlight, tokensToday} | {'gone'} (already settled
 * or cancelled, or expired) | {'lost', epoch} (Redis lost its data since the admission).
 * Either way the member's concurrency slots are freed (a replayed slot has no lease key).
 */
export const FINISH = `${COMMON}
local now = tonumber(ARGV[1])
local actual = tonumber(ARGV[2])
local member = ARGV[3]
local windowPx = ARGV[5]
local n = tonumber(ARGV[6])
local leaseKey = KEYS[6 * n + 1]
local reserved = redis.call('GET', leaseKey)
if not reserved then
  -- A slot replayed after Redis lost its data has no lease key: free it all the same.
  for i = 1, n do
    if ARGV[8 + i] == '1' then redis.call('ZREM', KEYS[(i - 1) * 6 + 4], member) end
  end
  local epoch = redis.call('GET', KEYS[6 * n + 2])
  if not epoch then
    epoch = ARGV[7]
    redis.call('SET', KEYS[6 * n + 2], epoch, 'PX', ARGV[8])
  end
  if epoch ~= ARGV[4] then return {'lost', epoch} end
  return {'gone'}
end
redis.call('DEL', leaseKey)
local r0 = tonumber(reserved)
local old = member .. '|' .. reserved
local new = member .. '|' .. fmt(actual)
local cutoff = now - WINDOW
local out = {'ok'}
for i = 1, n do
  local b = (i - 1) * 6
  local r, t, tt, c, d = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5]
  if ARGV[8 + i] == '1' then redis.call('ZREM', c, member) end
  local total = pruneTokens(t, tt, cutoff, windowPx)
  local at = redis.call('ZSCORE', t, old)
  if at then
    redis.call('ZREM', t, old)
    redis.call('ZADD', t, at, new)
    total = total + (actual - r0)
    keep(tt, fmt(total), windowPx)
  end
  local today = redis.call('GET', d)
  if today then
    today = tonumber(today) + (actual - r0)
    redis.call('SET', d, fmt(today), 'KEEPTTL')
  else
    today = 0
  end
  table.insert(out, tostring(redis.call('ZCOUNT', r, '(' .. fmt(cutoff), '+inf')))
  table.insert(out, fmt(total))
  table.insert(out, tostring(redis.call('ZCOUNT', c, '(' .. fmt(now), '+inf')))
  table.insert(out, fmt(today))
end
return out
`;

/**
 * Moves a lease's request and token entries to `now`, when the service accepted the request,
 * as MemoryLimitStore.restamp does: an entry still in the window keeps counting, from now;
 * one that already left it counts again from now. Nothing once the lease is settled.
 * KEYS: 3 per spec (req, tok, toktotal), then lease.
 * ARGV: now, member, windowPx, n.
 * Returns 1 if the lease was moved, 0 if it was settled, cancelled or expired.
 */
export const RESTAMP = `${COMMON}
local now = tonumber(ARGV[1])
local member = ARGV[2]
local windowPx = ARGV[3]
local n = tonumber(ARGV[4])
local reserved = redis.call('GET', KEYS[3 * n + 1])
if not reserved then return 0 end
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
`;

/**
 * Undoes an admission whose reply never arrived (a timeout): if it happened, its request,
 * tokens, day count and slot are removed. At most once, like FINISH.
 * KEYS: 6 per spec (the day key of the admission's day), then lease.
 * ARGV: now, member, windowPx, n.
 * Returns 1 if an admission was undone, 0 if there was none.
 */
export const CANCEL = `${COMMON}
local now = tonumber(ARGV[1])
local member = ARGV[2]
local windowPx = ARGV[3]
local n = tonumber(ARGV[4])
local leaseKey = KEYS[6 * n + 1]
local reserved = redis.call('GET', leaseKey)
if not reserved then return 0 end
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
`;

/**
 * Adds usage that Redis does not know about: admissions made in-process while Redis was
 * unreachable, or everything this process admitted recently after Redis lost its data.
 * Applied at most once per batch id (the marker key); window entries are added only if
 * absent and still in the window.
 * KEYS: marker, then 4 per limit key (req, tok, toktotal, day of today).
 * ARGV: now, markerPx, windowPx, dayPx, count of limit keys, then per key:
 *       dayDelta, entry count, then per entry: member, at, tokens, was ('' or the tokens an
 *       earlier batch told while the request was running: that window entry is replaced).
 * Returns 1 if applied, 0 if this batch was applied before.
 */
export const RECORD = `${COMMON}
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then return 0 end
local now = tonumber(ARGV[1])
local windowPx = ARGV[3]
local dayPx = ARGV[4]
local cutoff = now - WINDOW
local pos = 6
for i = 1, tonumber(ARGV[5]) do
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
`;

/**
 * Rests a key until a time; a later cooldown wins over an earlier one.
 * KEYS: cooldown. ARGV: until, reason, px. Returns 1 if set, 0 if a later one stands.
 */
export const COOLDOWN = `
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(string.sub(cur, 1, string.find(cur, '|', 1, true) - 1)) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
return 1
`;

/**
 * This process is alive: counts the processes seen within a TTL (Redis's own clock, so
 * machines with skewed clocks agree) and reports the epoch.
 * KEYS: instances, epoch. ARGV: instance id, ttlMs, candidate epoch, epochPx.
 * Returns {instance count, epoch}.
 */
export const HEARTBEAT = `
local t = redis.call('TIME')
local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], string.format('%.0f', ms), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', ms - ttl))
redis.call('PEXPIRE', KEYS[1], ttl * 2)
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[3]
  redis.call('SET', KEYS[2], epoch, 'PX', ARGV[4])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return {tostring(redis.call('ZCARD', KEYS[1])), epoch}
`;

/**
 * Current use under some keys, read-only.
 * KEYS: 5 per key (req, tok, toktotal, inflight, day of today). ARGV: now.
 * Returns per key: rpm, tpm, inFlight, tokensToday.
 */
export const USAGE = `${COMMON}
local now = tonumber(ARGV[1])
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
`;
