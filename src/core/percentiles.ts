/** A fixed-size ring of recent samples with nearest-rank percentiles: bounded memory, exact over the ring. */
export class SampleRing {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly capacity = 2048) {
    this.samples = new Float64Array(capacity);
  }

  add(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  get size(): number {
    return this.count;
  }

  percentiles(...ps: number[]): number[] {
    if (this.count === 0) return ps.map(() => NaN);
    const sorted = Array.from(this.samples.subarray(0, this.count)).sort((a, b) => a - b);
    return ps.map((p) => percentileOfSorted(sorted, p));
  }
}

/** Nearest-rank percentile (p in 0..100) of an ascending array. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function percentiles(values: readonly number[], ...ps: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return ps.map((p) => percentileOfSorted(sorted, p));
}
