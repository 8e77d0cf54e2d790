/**
 * Seeded randomness for the simulator. Everything random (CRIS picks, fault rates,
 * latency jitter, reply text) comes from here, so a seed reproduces a run.
 */

/** 32-bit FNV-1a hash of a string, mixed so nearby strings give distant values. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

/** A murmur3-style finalizer: spreads the bits of a 32-bit integer. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes a list of parts (joined unambiguously) to a 32-bit integer. */
export function hashParts(...parts: Array<string | number>): number {
  return hash32(parts.map((p) => `${typeof p}:${String(p)}`).join('\u0000'));
}

/**
 * A seeded stream of uniform numbers in [0, 1): mulberry32. The k-th number of a
 * stream depends only on its key, never on timing.
 */
export class RandomStream {
  private state: number;
  private drawn = 0;
  constructor(...key: Array<string | number>) {
    this.state = hashParts(...key);
  }
  /** How many numbers this stream has produced. */
  get position(): number {
    return this.drawn;
  }
  next(): number {
    this.drawn++;
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }
}

/** Keyed streams created on first use; `clear()` rewinds them all. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(private seed: number) {}
  get currentSeed(): number {
    return this.seed;
  }
  stream(...key: Array<string | number>): RandomStream {
    const id = key.map(String).join('\u0000');
    let s = this.streams.get(id);
    if (!s) {
      s = new RandomStream(this.seed, ...key);
      this.streams.set(id, s);
    }
    return s;
  }
  clear(seed = this.seed): void {
    this.seed = seed;
    this.streams.clear();
  }
}
