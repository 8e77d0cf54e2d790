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

function targetRow(t: TargetSnapshot, icons: boolean): string {
  const latency = t.latency.samples > 0 ? `${num(t.latency.p50)} ms` : '-';
  return `| ${[t.id, t.model, `${t.profile} · ${t.region}`, health(t, icons), limit(t.usage.rpm, t.limits.rpm), limit(t.usage.tpm, t.limits.tpm), limit(t.usage.inFlight, t.limits.maxConcurrent), `${t.succeeded}/${t.attempts}`, latency].map(cell).join(' | ')} |`;
}

/**
 * One target for the narrow Chat view, three short lines:
 *   **`sonnet-a`** $(pass) healthy
 *   us.anthropic.claude-sonnet-4-6 · shard-a · us-east-1
 *   RPM 1/20 · TPM 107/200,000 · in flight 0 · OK/attempts 1/1 · p50 1,328 ms
 */
function targetBlock(t: TargetSnapshot): string[] {
  const latency = t.latency.samples > 0 ? ` · p50 ${num(t.latency.p50)} ms` : '';
  return [
    `**\`${t.id}\`** ${health(t, true)}  `,
    `${t.model} · ${t.profile} · ${t.region}  `,
    `RPM ${limit(t.usage.rpm, t.limits.rpm)} · TPM ${limit(t.usage.tpm, t.limits.tpm)} · in flight ${limit(t.usage.inFlight, t.limits.maxConcurrent)} · OK/attempts ${t.succeeded}/${t.attempts}${latency}`,
    '',
  ];
}

export function statusMarkdown(input: StatusInput): string {
  const { snapshot: s } = input;
  const where = input.mode === 'aws' ? 'Amazon Bedrock' : input.simulatorEndpoint ? `the simulator at ${input.simulatorEndpoint}` : 'the simulator (starts with the first request)';
  const lines = [
    `**Mode:** ${input.mode}, requests go to ${where}. **Default route:** \`${s.defaultRoute}\`. **Requests:** ${s.totals.requests} (${s.totals.succeeded} succeeded, ${s.totals.rateLimited} rate limited, ${s.totals.failed} failed, ${s.totals.cancelled} cancelled).`,
    '',
    ...(input.icons
      ? s.targets.flatMap(targetBlock)
      : ['| Target | Model | Profile · Region | Health | RPM | TPM | In flight | OK/attempts | p50 |', '|---|---|---|---|---|---|---|---|---|', ...s.targets.map((t) => targetRow(t, false)), '']),
    `**Quota.** ${quotaText(input.tenant)}.`,
  ];
  return lines.join('\n');
}
