import { argv, type KeySpace, type RedisScript, strings } from './script';

const A = argv({ instance: 'string', ttlMs: 'number', candidateEpoch: 'string', epochPx: 'string' });

export interface HeartbeatInput {
  readonly keys: KeySpace;
  readonly instance: string;
  readonly ttlMs: number;
  readonly candidateEpoch: string;
  readonly epochPx: number;
}

/**
 * This process is alive: counts the processes seen within a TTL (Redis's own clock, so
 * machines with skewed clocks agree) and reports the epoch.
 * KEYS: instances, epoch. Replies {instance count, epoch}.
 */
export const HEARTBEAT: RedisScript<HeartbeatInput, { instances: number; epoch: string }> = {
  name: 'rllmHeartbeat',
  lua: `
${A.locals}
local t = redis.call('TIME')
local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], string.format('%.0f', ms), instance)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', ms - ttlMs))
redis.call('PEXPIRE', KEYS[1], ttlMs * 2)
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = candidateEpoch
  redis.call('SET', KEYS[2], epoch, 'PX', epochPx)
else
  redis.call('PEXPIRE', KEYS[2], epochPx)
end
return {tostring(redis.call('ZCARD', KEYS[1])), epoch}
`,
  encode: ({ keys, instance, ttlMs, candidateEpoch, epochPx }) => ({ keys: [keys.key('instances'), keys.epoch], args: A.encode({ instance, ttlMs, candidateEpoch, epochPx }) }),
  decode(raw) {
    const reply = strings(raw);
    return { instances: Number(reply[0]), epoch: reply[1]! };
  },
};
