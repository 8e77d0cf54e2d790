/** Numbers and times as people read them. */

export const count = (n: number) => Math.round(n).toLocaleString('en-US');

export const percent = (n: number, total: number) => (total > 0 ? `${Math.round((n / total) * 100)}%` : '-');

/** "850 ms", "1.24 s", "2 min 5 s". */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  const s = Math.round(value / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** "12 s", "1 min 5 s": a time left, rounded up to whole seconds. */
export function timeLeft(value: number): string {
  const s = Math.max(0, Math.ceil(value / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const clockTime = (epochMs: number) => new Date(epochMs).toLocaleTimeString('en-GB', { hour12: false });

/** "3/20" or "3" when there is no limit. */
export const usedOf = (used: number, limit: number | undefined) => (limit === undefined ? count(used) : `${count(used)}/${count(limit)}`);

export const usd = (n: number) => (n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);

/** A route's cost: "$0.0420 for 12 answers · saved $0.1100 (72%) vs its most expensive target", or "spent ... more". */
export function routeCostText(cost: { served: number; costUsd: number; baselineCostUsd: number } | undefined): string {
  if (!cost || cost.served === 0) return 'no answers yet';
  const head = `${usd(cost.costUsd)} for ${cost.served} ${cost.served === 1 ? 'answer' : 'answers'}`;
  const diff = cost.baselineCostUsd - cost.costUsd;
  // Below a hundredth of a cent either way, it is the same (float sums).
  if (Math.abs(diff) < 0.000_01) return `${head} · same as its most expensive target`;
  const pct = cost.baselineCostUsd > 0 ? ` (${Math.round((Math.abs(diff) / cost.baselineCostUsd) * 100)}%)` : '';
  return diff > 0 ? `${head} · saved ${usd(diff)}${pct} vs its most expensive target` : `${head} · spent ${usd(-diff)}${pct} more than its most expensive target`;
}
