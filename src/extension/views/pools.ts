/**
 * Bedrock quota pools in the units Bedrock throttles on: tokens per minute (after burndown:
 * Claude 4-class output counts 5 times) and tokens today, each against its limit and where
 * the limit came from (typed in `resilientLlm.pools`, or Service Quotas). No `vscode` import.
 */
import type { PoolSnapshot, TargetSnapshot } from '../../router';
import { num } from './quota';

const source = (s: 'typed' | 'discovered' | undefined) => (s === 'typed' ? 'typed' : 'Service Quotas');

/** "1,230 of 200,000 (Service Quotas)", or "1,230 (no quota known)". */
export function poolAmount(used: number, max: number | undefined, from: 'typed' | 'discovered' | undefined): string {
  return max === undefined ? `${num(used)} (no quota known)` : `${num(used)} of ${num(max)} (${source(from)})`;
}

/** The pool's minute against its quota, and what the router learnt when Bedrock gave less: "… (Service Quotas); learnt ≈ 38k of 100k tokens/min; …". */
export function poolPerMinute(p: PoolSnapshot): string {
  const amount = poolAmount(p.usage.tpm, p.limits.tpm, p.limits.tpmSource);
  return p.learnt ? `${amount}; ${p.learnt}` : amount;
}

/** Markdown table rows of the pools: pool, targets, tokens per minute, tokens today. */
export function poolTable(pools: readonly PoolSnapshot[], cell: (s: string) => string): string[] {
  if (pools.length === 0) return [];
  return [
    '| Bedrock quota pool | Targets | Tokens per minute (after burndown) | Tokens today |',
    '|---|---|---|---|',
    ...pools.map((p) => `| ${[p.label, p.targets.join(', '), poolPerMinute(p), poolAmount(p.usage.tokensToday, p.limits.tokensPerDay, p.limits.tokensPerDaySource)].map(cell).join(' | ')} |`),
  ];
}

/** Which gateway limits any target sets: RPM and TPM columns appear only then. */
export function gatewayColumns(targets: readonly TargetSnapshot[]): { rpm: boolean; tpm: boolean } {
  return { rpm: targets.some((t) => t.limits.rpm !== undefined), tpm: targets.some((t) => t.limits.tpm !== undefined) };
}
