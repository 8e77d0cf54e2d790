import { type LearntLimit } from '../types';
import { argv, type KeySpace, type RedisScript } from './script';

const A = argv({ at: 'string', value: 'string', px: 'string' });

export interface LearntInput {
  readonly keys: KeySpace;
  /** The pool's key (`pool:<profile>:<region>:<model>:<kind>`). */
  readonly key: string;
  readonly value: LearntLimit;
  readonly px: number;
}

/** The Redis key of a pool's learnt limit: one small string, `<at>|<json>`. */
export function learntKey(keys: KeySpace, key: string): string {
  return keys.key(`${key}:learnt`);
}

/**
 * Keeps a pool's learnt limit, unless a newer one (by the router clock's `at`) is there: two
 * windows learning at once keep the later value. KEYS: learnt. Replies 1 if set, 0 if a newer one stands.
 */
export const LEARNT: RedisScript<LearntInput, boolean> = {
  name: 'rllmLearnt',
  lua: `
${A.locals}
local cur = redis.call('GET', KEYS[1])
if cur then
  local bar = string.find(cur, '|', 1, true)
  if bar and tonumber(string.sub(cur, 1, bar - 1)) > tonumber(at) then return 0 end
end
redis.call('SET', KEYS[1], at .. '|' .. value, 'PX', px)
return 1
`,
  encode: ({ keys, key, value, px }) => ({ keys: [learntKey(keys, key)], args: A.encode({ at: value.at, value: JSON.stringify(value), px }) }),
  decode: (reply) => reply === 1,
};

/** Reads `<at>|<json>` back; undefined for a missing or malformed value. */
export function parseLearnt(raw: string | null | undefined): LearntLimit | undefined {
  if (!raw) return undefined;
  const bar = raw.indexOf('|');
  try {
    const v = JSON.parse(raw.slice(bar + 1)) as Partial<LearntLimit>;
    if (typeof v.at !== 'number' || typeof v.decreasedAt !== 'number') return undefined;
    if (v.tpm !== undefined && (typeof v.tpm !== 'number' || !(v.tpm > 0))) return undefined;
    return { tpm: v.tpm, at: v.at, decreasedAt: v.decreasedAt, ...(typeof v.ceiling === 'number' ? { ceiling: v.ceiling } : {}) };
  } catch {
    return undefined;
  }
}
