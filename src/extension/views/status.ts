/** Markdown for `/status` and Show Route Status: targets' health and limits, the workspace's quota. No `vscode` import. */
import type { PoolSnapshot, RouterSnapshot, TargetSnapshot } from '../../router';
import { gatewayColumns, poolAmount, poolTable } from './pools';
import { type TenantQuota, num, quotaText } from './quota';

export interface StatusInput {
  snapshot: RouterSnapshot;
  tenant: TenantQuota;
  mode: 'simulated' | 'aws';
  /** The running simulator's endpoint, in simulated mode. */
  simulatorEndpoint?: string;
  /**
   * For the chat: health as a codicon and a word (`$(pass) healthy`; the chat renders codicons
   * from VS Code's own icon font) and one block per target, since a nine-column table in the
   * narrow Chat view wrapped "healthy" to "health y" and model ids a few letters per line.
   * Otherwise (the preview, as wide as the editor, renders no codicons) a table, words only.
   * Never emoji: without an emoji font they render as empty boxes.
   */
  icons?: boolean;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const limit = (used: number, max: number | undefined) => (max === undefined ? `${num(used)}` : `${num(used)}/${num(max)}`);

const HEALTH_ICONS: Record<TargetSnapshot['health'], string> = { healthy: '$(pass)', 'half-open': '$(warning)', cooling: '$(error)', credentials: '$(key)' };

function health(t: TargetSnapshot, icons: boolean): string {
  return `${icons ? `${HEALTH_ICONS[t.health]} ` : ''}${t.healthLabel}${t.reason ? `: ${t.reason}` : ''}`;
}

function targetRow(t: TargetSnapshot, columns: { rpm: boolean; tpm: boolean }): string {
  const latency = t.latency.samples > 0 ? `${num(t.latency.p50)} ms` : '-';
  const gateway = [...(columns.rpm ? [limit(t.usage.rpm, t.limits.rpm)] : []), ...(columns.tpm ? [limit(t.usage.tpm, t.limits.tpm)] : [])];
  return `| ${[t.id, t.model, `${t.profile} · ${t.region}`, health(t, false), ...gateway, limit(t.usage.inFlight, t.limits.maxConcurrent), `${t.succeeded}/${t.attempts}`, latency].map(cell).join(' | ')} |`;
}

/**
 * One target for the narrow Chat view, three short lines:
 *   **`sonnet-a`** $(pass) healthy
 *   us.anthropic.claude-sonnet-4-6 · shard-a · us-east-1
 *   Gateway RPM 1/20 · in flight 0 · OK/attempts 1/1 · p50 1,328 ms
 * (gateway RPM and TPM only where a target sets one; Bedrock's units are the pools').
 */
function targetBlock(t: TargetSnapshot, columns: { rpm: boolean; tpm: boolean }): string[] {
  const latency = t.latency.samples > 0 ? ` · p50 ${num(t.latency.p50)} ms` : '';
  const gateway = [...(columns.rpm ? [`Gateway RPM ${limit(t.usage.rpm, t.limits.rpm)}`] : []), ...(columns.tpm ? [`Gateway TPM ${limit(t.usage.tpm, t.limits.tpm)}`] : [])];
  return [
    `**\`${t.id}\`** ${health(t, true)}  `,
    `${t.model} · ${t.profile} · ${t.region}  `,
    `${[...gateway, `in flight ${limit(t.usage.inFlight, t.limits.maxConcurrent)}`, `OK/attempts ${t.succeeded}/${t.attempts}`].join(' · ')}${latency}`,
    '',
  ];
}

/** One Bedrock quota pool for the narrow Chat view: its name and targets, then tokens per minute and today, and what was learnt. */
function poolBlock(p: PoolSnapshot): string[] {
  return [
    `**Pool** ${p.label} (${p.targets.join(', ')})  `,
    `tokens/min ${poolAmount(p.usage.tpm, p.limits.tpm, p.limits.tpmSource)} · today ${poolAmount(p.usage.tokensToday, p.limits.tokensPerDay, p.limits.tokensPerDaySource)}${p.learnt ? '  ' : ''}`,
    ...(p.learnt ? [`$(pulse) ${p.learnt}`] : []),
    '',
  ];
}

export function statusMarkdown(input: StatusInput): string {
  const { snapshot: s } = input;
  const where = input.mode === 'aws' ? 'Amazon Bedrock' : input.simulatorEndpoint ? `the simulator at ${input.simulatorEndpoint}` : 'the simulator (starts with the first request)';
  // RPM and TPM per target are gateway limits: shown only where one is set. Bedrock's own units are the pools'.
  const columns = gatewayColumns(s.targets);
  const gatewayHead = [...(columns.rpm ? ['Gateway RPM'] : []), ...(columns.tpm ? ['Gateway TPM'] : [])];
  const lines = [
    `**Mode:** ${input.mode}, requests go to ${where}. **Default route:** \`${s.defaultRoute}\`. **Requests:** ${s.totals.requests} (${s.totals.succeeded} succeeded, ${s.totals.rateLimited} rate limited, ${s.totals.failed} failed, ${s.totals.cancelled} cancelled).`,
    '',
    ...(input.icons
      ? [...s.targets.flatMap((t) => targetBlock(t, columns)), ...s.pools.flatMap(poolBlock)]
      : [
          `| ${['Target', 'Model', 'Profile · Region', 'Health', ...gatewayHead, 'In flight', 'OK/attempts', 'p50'].join(' | ')} |`,
          `|${'---|'.repeat(7 + gatewayHead.length)}`,
          ...s.targets.map((t) => targetRow(t, columns)),
          '',
          ...(s.pools.length > 0 ? [...poolTable(s.pools, cell), ''] : []),
        ]),
    `**Quota.** ${quotaText(input.tenant)}.`,
  ];
  return lines.join('\n');
}
