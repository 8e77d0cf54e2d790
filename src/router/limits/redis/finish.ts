import { type LimitUsage } from '../types';
import { COMMON } from './common';
import { argv, keysAfterSpecs, type KeySpace, type RedisScript, strings, usages } from './script';

const A = argv({ now: 'number', actualTokens: 'number', member: 'string', leaseEpoch: 'string', windowPx: 'string', n: 'number', candidateEpoch: 'string', epochPx: 'string' });

export interface FinishInput {
  readonly keys: KeySpace;
  /** The admission's specs: each key, and whether it held a concurrency slot. */
  readonly specs: ReadonlyArray<{ key: string; concurrency: boolean }>;
  /** The admission's day. */
  readonly day: number;
  readonly args: Readonly<Record<Exclude<keyof Parameters<typeof A.encode>[0], 'n'>, string | number>>;
}

export type FinishReply =
  | { readonly kind: 'ok'; readonly usage: LimitUsage[] }
  /** Settled or cancelled before, or expired. */
  | { readonly kind: 'gone' }
  /** Redis lost its data since the admission. */
  | { readonly kind: 'lost'; readonly epoch: string };

/**
 * Settles a lease: the real token count replaces the reservation (if still in the window),
 * the day's counter moves by the difference, concurrency slots are freed. At most once.
 * Either way the member's concurrency slots are freed (a replayed slot has no lease key).
 * KEYS: 6 per spec (the day key of the admission's day), then lease, epoch.
 * ARGV: the named arguments, then per spec 1 if it held a slot.
 * Replies {'ok', then per spec: rpm, tpm, inFlight, tokensToday} | {'gone'} | {'lost', epoch}.
 */
export const FINISH: RedisScript<FinishInput, FinishReply> = {
  name: 'rllmFinish',
  lua: `${COMMON}
${A.locals}
${keysAfterSpecs(6, ['leaseKey', 'epochKey'])}
local function held(i) return ARGV[${A.count} + i] == '1' end
local reserved = redis.call('GET', leaseKey)
if not reserved then
  -- A slot replayed after Redis lost its data has no lease key: free it all the same.
  for i = 1, n do
    if held(i) then redis.call('ZREM', KEYS[(i - 1) * 6 + 4], member) end
  end
  local epoch = redis.call('GET', epochKey)
  if not epoch then
    epoch = candidateEpoch
    redis.call('SET', epochKey, epoch, 'PX', epochPx)
  end
  if epoch ~= leaseEpoch then return {'lost', epoch} end
  return {'gone'}
end
redis.call('DEL', leaseKey)
local r0 = tonumber(reserved)
local old = member .. '|' .. reserved
local new = member .. '|' .. fmt(actualTokens)
local cutoff = now - WINDOW
local out = {'ok'}
for i = 1, n do
  local b = (i - 1) * 6
  local r, t, tt, c, d = KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4], KEYS[b + 5]
  if held(i) then redis.call('ZREM', c, member) end
  local total = pruneTokens(t, tt, cutoff, windowPx)
  local at = redis.call('ZSCORE', t, old)
  if at then
    redis.call('ZREM', t, old)
    redis.call('ZADD', t, at, new)
    total = total + (actualTokens - r0)
    keep(tt, fmt(total), windowPx)
  end
  local today = redis.call('GET', d)
  if today then
    today = tonumber(today) + (actualTokens - r0)
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
`,
  encode({ keys, specs, day, args }) {
    const k = specs.flatMap((s) => keys.limit(s.key, day));
    k.push(keys.lease(String(args.member)), keys.epoch);
    return { keys: k, args: [...A.encode({ ...args, n: specs.length }), ...specs.map((s) => (s.concurrency ? '1' : '0'))] };
  },
  decode(raw) {
    const reply = strings(raw);
    if (reply[0] === 'lost') return { kind: 'lost', epoch: reply[1]! };
    if (reply[0] === 'gone') return { kind: 'gone' };
    return { kind: 'ok', usage: usages(reply, 1) };
  },
};
