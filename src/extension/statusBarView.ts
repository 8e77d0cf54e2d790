/** The status bar item's text, tooltip and label, as data. No `vscode` import (the unit tests read it). */
import { type PoolSnapshot, type RequestRecord, type TargetSnapshot, describeService } from '../router';
import { COMMANDS } from './commands/ids';
import type { LimitsStatus } from './sharedLimits';
import { gatewayColumns, poolTable } from './views/pools';
import { type TenantQuota, num } from './views/quota';

/** What the item shows; computed without `vscode` so it can be reasoned about (and tested) as data. */
export interface StatusBarView {
  text: string;
  /** Warning background: the workspace is at its quota, a target is not healthy, or no route can serve. */
  warning: boolean;
  /** Markdown. */
  tooltip: string;
  /** For screen readers (the text's icons read as nothing). */
  label: string;
}

/** Markdown-escapes text from settings and errors (target labels, health reasons) for the tooltip. */
const md = (s: string) => s.replace(/[\\`*_[\]<>|~#]/g, '\\$&').replace(/\s+/g, ' ');
/** A code span: backslash escapes do not work inside one, so backticks become quotes. */
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
const used = (n: number, max: number | undefined) => (max === undefined ? num(n) : `${num(n)}/${num(max)}`);

function limitedBy(t: TenantQuota): string | undefined {
  const { quota: q, usage: u } = t;
  if (q.rpm !== undefined && u.rpm >= q.rpm) return 'requests per minute';
  if (q.tpm !== undefined && u.tpm >= q.tpm) return 'tokens per minute';
  if (q.tokensPerDay !== undefined && u.tokensToday >= q.tokensPerDay) return 'tokens today';
  return undefined;
}

const windows = (n: number) => `${n} window${n === 1 ? '' : 's'}`;

/** One tooltip line: where the limits live. */
export function limitsLine(limits: LimitsStatus | undefined): string {
  if (!limits || limits.mode === 'in-process') return 'Limits: held in this window only.';
  const where = limits.redis ? ` (${code(limits.redis)})` : '';
  if (limits.mode === 'shared') return `Limits: shared through Redis${where} by ${windows(limits.processes)}.`;
  return `$(warning) Limits: Redis${where} is unreachable; this window holds ${limits.processes > 1 ? `a 1/${limits.processes} share of each limit` : 'the limits'} until it answers again. No request fails because of it.`;
}

function healthText(t: TargetSnapshot): string {
  return t.health === 'healthy' ? 'healthy' : `${t.healthLabel}${t.reason ? ` (${t.reason})` : ''}`;
}

/**
 * "$(pulse) Bedrock 3/10 rpm": the workspace's requests in the last minute against its RPM
 * quota (or its tokens today when only a daily quota is set), with a warning when the
 * workspace is limited, a target is cooling down, half-open or has a credentials problem,
 * or Redis is unreachable (the limits fell back to this window).
 */
/** "sonnet-b" for a served request, else its outcome: what the item's text ends with. */
function lastShort(r: RequestRecord): string {
  return r.servedBy ? r.servedBy.targetId : r.outcome;
}

/** The tooltip's line about the window's last request: its route, what served it and how many attempts (or why it was not served). */
export function lastRequestLine(r: RequestRecord): string {
  const what = r.servedBy ? `served by ${md(describeService(r))}` : `${r.outcome}${r.message ? `: ${md(r.message)}` : ''}`;
  return `Last request: route ${code(r.route)}, ${what}.`;
}

/**
 * "$(pulse) Bedrock 3/10 rpm · sonnet-b": the workspace's requests in the last minute against
 * its RPM quota and what served this window's last request (answers through the model picker
 * have no footer, so this is where a user sees it; the tooltip has the route and attempts).
 */
export function statusBarView(input: { tenant?: TenantQuota; targets: readonly TargetSnapshot[]; pools?: readonly PoolSnapshot[]; unavailable?: string; limits?: LimitsStatus; last?: RequestRecord }): StatusBarView {
  const footer = `\n\n[Open Dashboard](command:${COMMANDS.openDashboard})`;
  if (!input.tenant || input.unavailable) {
    const why = input.unavailable ?? 'The router has not started.';
    return { text: '$(error) Bedrock: settings', warning: true, tooltip: `**Resilient LLM**\n\n${md(why)}${footer}`, label: `Resilient LLM: ${why}` };
  }
  const t = input.tenant;
  const q = t.quota;
  // RPM only where the workspace's quota sets one; else its daily or per-minute tokens; with no quota, the Bedrock pools' tokens this minute (after burndown).
  const poolTokens = (input.pools ?? []).reduce((n, p) => n + p.usage.tpm, 0);
  const amount =
    q.rpm !== undefined
      ? `${used(t.usage.rpm, q.rpm)} rpm`
      : q.tokensPerDay !== undefined
        ? `${used(t.usage.tokensToday, q.tokensPerDay)} tokens today`
        : q.tpm !== undefined
          ? `${used(t.usage.tpm, q.tpm)} tokens/min`
          : `${num(poolTokens)} tokens/min`;
  const limited = limitedBy(t);
  const unhealthy = input.targets.filter((x) => x.health !== 'healthy');
  const fallback = input.limits?.mode === 'local-fallback';
  const warning = limited !== undefined || unhealthy.length > 0 || fallback;
  const text = `${warning ? '$(warning)' : '$(pulse)'} Bedrock ${amount}${input.last ? ` · ${lastShort(input.last)}` : ''}`;

  const of = (n: number, max: number | undefined) => (max === undefined ? `${num(n)} (no limit)` : `${num(n)} of ${num(max)}`);
  const lines = [
    `**Resilient LLM** · workspace ${code(t.name)} (${t.source === 'own' ? 'its own quota' : 'default quota'})`,
    '',
    `Requests per minute: ${of(t.usage.rpm, q.rpm)} · tokens per minute: ${of(t.usage.tpm, q.tpm)} · tokens today: ${of(t.usage.tokensToday, q.tokensPerDay)}${t.usage.inFlight > 0 ? ` · ${t.usage.inFlight} in flight` : ''}`,
  ];
  if (input.last) lines.push('', lastRequestLine(input.last));
  if (limited) lines.push('', `$(warning) This workspace is at its quota of ${limited}: requests wait or are refused until it frees up.`);
  lines.push('', limitsLine(input.limits));
  if (input.targets.length > 0) {
    // Gateway RPM/TPM columns only where a target sets one; Bedrock's units are the pools' below.
    const cols = gatewayColumns(input.targets);
    const head = ['Target', 'Health', ...(cols.rpm ? ['Gateway RPM'] : []), ...(cols.tpm ? ['Gateway TPM'] : []), 'In flight'];
    lines.push('', `| ${head.join(' | ')} |`, `|${'---|'.repeat(head.length)}`);
    for (const x of input.targets) {
      const gateway = [...(cols.rpm ? [used(x.usage.rpm, x.limits.rpm)] : []), ...(cols.tpm ? [used(x.usage.tpm, x.limits.tpm)] : [])];
      lines.push(`| ${[md(x.label ? `${x.id} (${x.label})` : x.id), `${x.health === 'healthy' ? '$(pass) ' : '$(warning) '}${md(healthText(x))}`, ...gateway, used(x.usage.inFlight, x.limits.maxConcurrent)].join(' | ')} |`);
    }
  }
  if (input.pools && input.pools.length > 0) lines.push('', ...poolTable(input.pools, md));
  const problems = [limited ? `at its quota of ${limited}` : '', fallback ? 'Redis unreachable, limits held in this window' : '', ...unhealthy.map((x) => `${x.id} ${healthText(x)}`)].filter(Boolean);
  const last = input.last ? `; last request ${input.last.servedBy ? `served by ${input.last.servedBy.targetId} on route ${input.last.route}, ${input.last.attempts.length} attempt${input.last.attempts.length === 1 ? '' : 's'}` : `${input.last.outcome} on route ${input.last.route}`}` : '';
  const label = `Resilient LLM: workspace ${t.name} ${amount.replace('rpm', 'requests per minute').replace('/', ' of ')}${problems.length ? `; ${problems.join('; ')}` : ''}${last}`;
  return { text, warning, tooltip: lines.join('\n') + footer, label };
}
