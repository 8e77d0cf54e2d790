/** Helpers the benchmarks share: a bounded traffic loop, and rows measured one after another. */

/** Sends `requests` requests, `concurrency` at a time, numbered from 0. */
export async function drive(o: { requests: number; concurrency: number }, send: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < o.requests) await send(next++);
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
}

/** Runs each variant in turn (never concurrently, so they do not share the CPU), reporting each row as it is measured. */
export async function sideBySide<T, R>(variants: readonly T[], run: (variant: T) => Promise<R>, onRow?: (row: R) => void): Promise<R[]> {
  const rows: R[] = [];
  for (const v of variants) {
    const row = await run(v);
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}
