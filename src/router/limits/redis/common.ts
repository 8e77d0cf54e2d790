/**
 * What the Lua scripts behind the Redis limit store share. Each script runs atomically
 * inside Redis, so one admission checks and reserves every limit of every spec in one round
 * trip, with no other client in between. They mirror `MemoryLimitStore` and `SlidingWindow`
 * exactly: same order of checks, same arithmetic (Lua numbers are doubles, as in
 * JavaScript), same retry-after times. Time is always the router's clock (`now` is an
 * argument, never Redis TIME), so simulated clocks work.
 *
 * Keys per limit key K (all under the store's prefix, see `KeySpace`):
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
export const COMMON = `
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
