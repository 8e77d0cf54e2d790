/** Markdown for `/status` and Show Route Status: targets' health and limits, the workspace's quota. No `vscode` import. */
import type { RouterSnapshot, TargetSnapshot } from '../../router';
import { gatewayColumns, poolTable } from './pools';
import { type TenantQuota, num, quotaText } from './quota';

export interface StatusInput {
  snapshot: RouterSnapshot;
  tenant: TenantQuota;
  mode: 'simulated' | 'aws';
  /** The running simulator's endpoint, in simulated mode. */
  simulatorEndpoint?: string;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const limit = (used: number, max: number | undefined) => (max === undefined ? `${num(used)}` : `${num(used)}/${num(max)}`);

function health(t: TargetSnapshot): string {
  const icon = t.health === 'healthy' ? '🟢' : t.health === 'half-open' ? '🟡' : '🔴';
  return `${icon} ${t.healthLabel}${t.reason ? `: ${t.reason}` : ''}`;
}

function targetRow(t: TargetSnapshot, columns: { rpm: boolean; tpm: boolean }): string {
  const latency = t.latency.samples > 0 ? `${num(t.latency.p50)} ms` : '-';
  const gateway = [...(columns.rpm ? [limit(t.usage.rpm, t.limits.rpm)] : []), ...(columns.tpm ? [limit(t.usage.tpm, t.limits.tpm)] : [])];
  return `| ${[t.id, t.model, `${t.profile} · ${t.region}`, health(t), ...gateway, limit(t.usage.inFlight, t.limits.maxConcurrent), `${t.succeeded}/${t.attempts}`, latency].map(cell).join(' | ')} |`;
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
    `| ${['Target', 'Model', 'Profile · Region', 'Health', ...gatewayHead, 'In flight', 'OK/attempts', 'p50'].join(' | ')} |`,
    `|${'---|'.repeat(7 + gatewayHead.length)}`,
    ...s.targets.map((t) => targetRow(t, columns)),
    '',
    ...(s.pools.length > 0 ? [...poolTable(s.pools, cell), ''] : []),
    `**Quota.** ${quotaText(input.tenant)}.`,
  ];
  return lines.join('\n');
}
