import { type DenialKind, type LimitSpec, type LimitUsage } from '../types';
import { COMMON } from './common';
import { argv, keysAfterSpecs, type KeySpace, optional, type RedisScript, strings, usages } from './script';

const A = argv({ now: 'number', tokens: 'number', member: 'string', inflightExpiry: 'string', leasePx: 'string', expectedEpoch: 'string', candidateEpoch: 'string', dayEnd: 'number', windowPx: 'string', dayPx: 'string', epochPx: 'string', n: 'number' });
/** Then per spec, from `A.count + 1`: rpm, tpm, concurrency, tokensPerDay ('' = none). */
const LIMITS_PER_SPEC = 4;

export interface AdmitInput {
  readonly keys: KeySpace;
  readonly specs: readonly LimitSpec[];
  readonly day: number;
  readonly args: Readonly<Record<Exclude<keyof Parameters<typeof A.encode>[0], 'n'>, string | number>>;
}

export type AdmitReply =
  | { readonly kind: 'ok'; readonly epoch: string; readonly usage: LimitUsage[] }
  /** `spec` is the index (from 0) of the spec that denied. */
  | { readonly kind: 'deny'; readonly spec: number; readonly limit: DenialKind; readonly used: number; readonly max: number; readonly retryAfterMs: number | undefined; readonly tooLarge: boolean; readonly reason: string }
  /** Redis lost its data since the caller last looked. */
  | { readonly kind: 'epoch'; readonly epoch: string };

/**
 * Checks and reserves every limit of every spec, or denies naming the first limit that fails.
 * KEYS: 6 per spec (req, tok, toktotal, inflight, day, cooldown), then lease, epoch.
 * Replies {'ok', epoch, then per spec: rpm, tpm, inFlight, tokensToday}
 *       | {'deny', specIndex, limit, used, max, retryAfterMs ('' = none), tooLarge ('1'/'0'), reason}
 *       | {'epoch', epoch}.
 */
export const ADMIT: RedisScript<AdmitInput, AdmitReply> = {
  name: 'rllmAdmit',
  lua: `${COMMON}
${A.locals}
${keysAfterSpecs(6, ['leaseKey', 'epochKey'])}
local epoch = redis.call('GET', epochKey)
if not epoch then
  epoch = candidateEpoch
  redis.call('SET', epochKey, epoch, 'PX', epochPx)
end
if expectedEpoch ~= '' and expectedEpoch ~= epoch then return {'epoch', epoch} end
redis.call('PEXPIRE', epochKey, epochPx)
local cutoff = now - WINDOW
local function lim(j)
  local v = ARGV[${A.count} + j]
  if v == '' then return nil end
  return tonumber(v)
end

for i = 1, n do
  local b = (i - 1) * 6
  local r, t, tt, c, d, cool = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5], KEYS[b + 6]
  local a = (i - 1) * ${LIMITS_PER_SPEC}
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
  if lim((i - 1) * ${LIMITS_PER_SPEC} + 3) then
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
redis.call('SET', leaseKey, amount, 'PX', leasePx)
return out
`,
  encode({ keys, specs, day, args }) {
    const k = specs.flatMap((s) => keys.limit(s.key, day));
    k.push(keys.lease(String(args.member)), keys.epoch);
    const limits = specs.flatMap((s) => [s.rpm, s.tpm, s.concurrency, s.tokensPerDay].map(optional));
    return { keys: k, args: [...A.encode({ ...args, n: specs.length }), ...limits] };
  },
  decode(raw) {
    const reply = strings(raw);
    if (reply[0] === 'epoch') return { kind: 'epoch', epoch: reply[1]! };
    if (reply[0] === 'deny') {
      const retry = reply[5]!;
      return { kind: 'deny', spec: Number(reply[1]) - 1, limit: reply[2] as DenialKind, used: Number(reply[3]), max: Number(reply[4]), retryAfterMs: retry === '' ? undefined : Number(retry), tooLarge: reply[6] === '1', reason: reply[7]! };
    }
    return { kind: 'ok', epoch: reply[1]!, usage: usages(reply, 2) };
  },
};
