import { type LimitUsage } from '../types';

/**
 * One Lua script of the Redis limit store with its whole contract: the Lua source, how
 * TypeScript encodes its keys and arguments, and how it decodes the reply. Both sides of
 * the contract live in the script's own file, so they change together.
 */
export interface RedisScript<In, Out> {
  /** The ioredis command name the script is defined under. */
  readonly name: string;
  readonly lua: string;
  encode(input: In): { keys: string[]; args: string[] };
  decode(reply: unknown): Out;
}

/** The Redis keys of the store, all under its prefix (the layout is described in `common.ts`). */
export class KeySpace {
  constructor(readonly prefix: string) {}

  key(suffix: string): string {
    return `${this.prefix}${suffix}`;
  }

  lease(member: string): string {
    return this.key(`lease:${member}`);
  }

  get epoch(): string {
    return this.key('epoch');
  }

  inflight(key: string): string {
    return this.key(`${key}:inflight`);
  }

  /** A limit key's six keys, in the order the scripts read them: req, tok, toktotal, inflight, day, cooldown. */
  limit(key: string, day: number): string[] {
    return ['req', 'tok', 'toktotal', 'inflight', `day:${day}`, 'cooldown'].map((part) => this.key(`${key}:${part}`));
  }
}

/**
 * Named ARGV slots: TypeScript writes the arguments in this order and the Lua reads them as
 * locals of the same names (`locals` declares `local now = tonumber(ARGV[1])` and so on), so
 * a position is never written twice. A `number` slot is read with `tonumber`, a `string`
 * slot as Redis passed it (keys' TTLs and scores go back to Redis as they came).
 */
export function argv<N extends string>(slots: Readonly<Record<N, 'number' | 'string'>>): { count: number; locals: string; encode: (values: Readonly<Record<N, string | number>>) => string[] } {
  const names = Object.keys(slots) as N[];
  return {
    count: names.length,
    locals: names.map((n, i) => (slots[n] === 'number' ? `local ${n} = tonumber(ARGV[${i + 1}])` : `local ${n} = ARGV[${i + 1}]`)).join('\n'),
    encode: (values) => names.map((n) => String(values[n])),
  };
}

/** A reply that is an array of strings (how every multi-value script answers). */
export function strings(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((v) => typeof v === 'string')) throw new Error(`Unexpected reply from a Redis limit script: ${JSON.stringify(reply)}`);
  return reply;
}

/** Usage per key as the scripts return it: rpm, tpm, inFlight, tokensToday for each key, from `offset`. */
export function usages(reply: readonly string[], offset: number): LimitUsage[] {
  const out: LimitUsage[] = [];
  for (let b = offset; b + 3 < reply.length; b += 4) {
    out.push({ rpm: Number(reply[b]), tpm: Number(reply[b + 1]), inFlight: Number(reply[b + 2]), tokensToday: Number(reply[b + 3]) });
  }
  return out;
}

/** `''` for an absent number, as the scripts encode "none". */
export function optional(v: number | undefined): string {
  return v === undefined ? '' : String(v);
}

/** What RESTAMP and CANCEL take: one admission's member, its specs and its day. */
export interface MemberInput {
  readonly keys: KeySpace;
  readonly specs: ReadonlyArray<{ key: string }>;
  /** The admission's day. */
  readonly day: number;
  readonly now: number;
  readonly member: string;
  readonly windowPx: number;
}

/** Lua locals for the keys after the `perSpec` keys of each of `n` specs: `local leaseKey = KEYS[6 * n + 1]`, and so on. */
export function keysAfterSpecs(perSpec: number, names: readonly string[]): string {
  return names.map((name, i) => `local ${name} = KEYS[${perSpec} * n + ${i + 1}]`).join('\n');
}

const MEMBER_ARGS = argv({ now: 'number', member: 'string', windowPx: 'string', n: 'number' });

/**
 * How RESTAMP and CANCEL begin, both sides: the Lua reads the arguments, the lease key after
 * `perSpec` keys per spec, and the lease's reservation (replying 0 when it is gone); the
 * encode writes them.
 */
export const memberScript = {
  lua: (perSpec: number): string => `${MEMBER_ARGS.locals}
${keysAfterSpecs(perSpec, ['leaseKey'])}
local reserved = redis.call('GET', leaseKey)
if not reserved then return 0 end`,
  encode: ({ keys, specs, day, now, member, windowPx }: MemberInput, perSpec: number): { keys: string[]; args: string[] } => {
    const k = specs.flatMap((s) => keys.limit(s.key, day).slice(0, perSpec));
    k.push(keys.lease(member));
    return { keys: k, args: MEMBER_ARGS.encode({ now, member, windowPx, n: specs.length }) };
  },
};
