import { type DemoLine, type DemoResult, type DemoTable } from './types';

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
}

/** A plain-text table with aligned columns. */
export function textTable(columns: string[], rows: Array<Array<string | number>>, indent = '  '): string {
  const cells = rows.map((r) => r.map(String));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  return [pad(columns, widths), pad(widths.map((w) => '-'.repeat(w)), widths), ...cells.map((r) => pad(r, widths))].map((l) => indent + l).join('\n');
}

const clock = (ms: number) => {
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
};

export const LINE_COLUMNS = ['time', '#', 'outcome', 'target', 'account', 'region', 'seconds'];

export function lineCells(l: DemoLine): string[] {
  return [clock(l.atMs), String(l.request), l.outcome, l.target ?? '-', l.tenant && l.tenant !== 'demo' ? `${l.account ?? '-'} (${l.tenant})` : (l.account ?? '-'), l.region ?? '-', l.seconds.toFixed(2)];
}

/** One request's log line, as printed while a demo runs. */
export function formatLine(l: DemoLine): string {
  const [time, n, outcome, target, account, region, seconds] = lineCells(l);
  return `  ${time}  #${n!.padEnd(4)} ${outcome!.padEnd(12)} ${target!.padEnd(12)} ${account!.padEnd(20)} ${region!.padEnd(10)} ${seconds}s`;
}

function header(r: DemoResult): string {
  const where = r.mode === 'simulated' ? `simulated, seed ${r.seed}` : 'real AWS';
  return `== ${r.title} (${where}) ==`;
}

function totals(r: DemoResult): string {
  const lat = r.requests > r.lines.length || r.requests > 20 ? `; latency p50 ${ms(r.latencyMs.p50)}, p95 ${ms(r.latencyMs.p95)}, p99 ${ms(r.latencyMs.p99)}` : '';
  return `Succeeded ${r.succeeded}/${r.requests}, rate limited ${r.rateLimited}, failed ${r.failed}, provider throttles ${r.providerThrottles}${lat}.`;
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v} ms`);

/** The demo's summary tables as text (no per-request lines). */
export function formatSummaryText(r: DemoResult): string {
  const parts = [header(r), r.summary, ''];
  for (const t of r.tables) parts.push(t.title, textTable(t.columns, t.rows), '');
  parts.push(totals(r));
  for (const n of r.notes) parts.push(`Note: ${n}`);
  return parts.join('\n');
}

/** Per-request lines, then the summary, as the CLI prints a finished demo. */
export function formatDemoText(r: DemoResult, withLines = true): string {
  const lines = withLines && r.lines.length <= 50 ? ['Requests (as they completed):', ...r.lines.map(formatLine), ''] : [];
  return [...lines, formatSummaryText(r)].join('\n');
}

const escapeCell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));

function markdownTable(t: DemoTable): string {
  return [`**${escapeCell(t.title)}**`, '', `| ${t.columns.map(escapeCell).join(' | ')} |`, `| ${t.columns.map(() => '---').join(' | ')} |`, ...t.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`)].join('\n');
}

/** Markdown for chat: the title, the tables and the totals. */
export function demoMarkdown(r: DemoResult): string {
  return [`### ${escapeCell(r.title)}`, '', escapeCell(r.summary), '', ...r.tables.flatMap((t) => [markdownTable(t), '']), totals(r), ...r.notes.map((n) => `\n> ${escapeCell(n)}`)].join('\n');
}

/** The JSON the CLI prints with --json: the keys that apply to the pattern. */
export function demoJson(r: DemoResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    pattern: r.pattern,
    mode: r.mode,
    requests: r.requests,
    succeeded: r.succeeded,
    rateLimited: r.rateLimited,
    failed: r.failed,
    providerThrottles: r.providerThrottles,
    latencyMs: r.latencyMs,
  };
  if (r.seed !== undefined) out.seed = r.seed;
  if (r.byTarget) out.byTarget = r.byTarget;
  if (r.byRegion) out.byRegion = r.byRegion;
  if (r.byTenant) out.byTenant = r.byTenant;
  if (r.byAccount) out.byAccount = r.byAccount;
  if (r.notes.length) out.notes = r.notes;
  return out;
}
