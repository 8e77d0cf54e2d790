/** Markdown for `/status` and Show Route Status: targets' health and limits, the workspace's quota. No `vscode` import. */
import type { RouterSnapshot, TargetSnapshot } from '../../router';
import { type TenantQuota, num, quotaText } from './quota';

export interface StatusInput {
  snapshot: RouterSnapshot;
  tenant: TenantQuota;
  mode: 'simulated' | 'aws';
  /** The running simulator's endpoint, in simulated mode. */
  simulatorEndpoint?: string;
  /**
   * Health as a codicon and a word (`$(pass) healthy`): for the chat, which renders codicons
   * from VS Code's own icon font. Otherwise (the markdown preview renders no codicons) the word
   * alone. Never emoji: without an emoji font they render as empty boxes.
   */
  icons?: boolean;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const limit = (used: number, max: number | undefined) => (max === undefined ? `${num(used)}` : `${num(used)}/${num(max)}`);

const HEALTH_ICONS: Record<TargetSnapshot['health'], string> = { healthy: '$(pass)', 'half-open': '$(warning)', cooling: '$(error)', credentials: '$(key)' };

function health(t: TargetSnapshot, icons: boolean): string {
  return `${icons ? `${HEALTH_ICONS[t.health]} ` : ''}${t.healthLabel}${t.reason ? `: ${t.reason}` : ''}`;
}

function targetRow(t: TargetSnapshot, icons: boolean): string {
  const latency = t.latency.samples > 0 ? `${num(t.latency.p50)} ms` : '-';
  return `| ${[t.id, t.model, `${t.profile} · ${t.region}`, health(t, icons), limit(t.usage.rpm, t.limits.rpm), limit(t.usage.tpm, t.limits.tpm), limit(t.usage.inFlight, t.limits.maxConcurrent), `${t.succeeded}/${t.attempts}`, latency].map(cell).join(' | ')} |`;
}

export function statusMarkdown(input: StatusInput): string {
  const { snapshot: s } = input;
  const where = input.mode === 'aws' ? 'Amazon Bedrock' : input.simulatorEndpoint ? `the simulator at ${input.simulatorEndpoint}` : 'the simulator (starts with the first request)';
  const lines = [
    `**Mode:** ${input.mode}, requests go to ${where}. **Default route:** \`${s.defaultRoute}\`. **Requests:** ${s.totals.requests} (${s.totals.succeeded} succeeded, ${s.totals.rateLimited} rate limited, ${s.totals.failed} failed, ${s.totals.cancelled} cancelled).`,
    '',
    '| Target | Model | Profile · Region | Health | RPM | TPM | In flight | OK/attempts | p50 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...s.targets.map((t) => targetRow(t, input.icons === true)),
    '',
    `**Quota.** ${quotaText(input.tenant)}.`,
  ];
  return lines.join('\n');
}
