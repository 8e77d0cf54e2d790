import { argv, type KeySpace, type RedisScript } from './script';

const A = argv({ untilMs: 'string', reason: 'string', px: 'string' });

export interface CooldownInput {
  readonly keys: KeySpace;
  readonly key: string;
  readonly until: number;
  readonly reason: string;
  readonly px: number;
}

/**
 * Rests a key until a time; a later cooldown wins over an earlier one.
 * KEYS: cooldown. Replies 1 if set (true), 0 if a later one stands (false).
 */
export const COOLDOWN: RedisScript<CooldownInput, boolean> = {
  name: 'rllmCooldown',
  lua: `
${A.locals}
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(string.sub(cur, 1, string.find(cur, '|', 1, true) - 1)) >= tonumber(untilMs) then return 0 end
redis.call('SET', KEYS[1], untilMs .. '|' .. reason, 'PX', px)
return 1
`,
  encode: ({ keys, key, until, reason, px }) => ({ keys: [keys.key(`${key}:cooldown`)], args: A.encode({ untilMs: until, reason, px }) }),
  decode: (reply) => reply === 1,
};
