import type { DemoTable, Distribution } from '../../demos/types';
import type { DemoResultView } from '../protocol';
import { type Bar, type Series, barChart } from './charts';
import { type DomElement, h, uid } from './dom';
import { count, ms, percent } from './format';

const DIMENSION: Record<Distribution['dimension'], string> = { region: 'Region', account: 'Account', target: 'Target', tenant: 'Workspace' };

/** An accessible table: a caption, column headers (scope col) and the first cell of each row as its header (scope row). */
export function dataTable(table: DemoTable, className = 'data'): DomElement {
  const numeric = table.columns.map((_, c) => table.rows.length > 0 && table.rows.every((r) => typeof r[c] === 'number' || /^-?[\d.,]+%?$/.test(String(r[c]))));
  return h(
    'table',
    { class: className },
    h('caption', undefined, table.title),
    h('thead', undefined, h('tr', undefined, ...table.columns.map((c, i) => h('th', { attrs: { scope: 'col' }, class: numeric[i] ? 'num' : undefined }, c)))),
    h(
      'tbody',
      undefined,
      ...table.rows.map((row) =>
        h(
          'tr',
          undefined,
          ...row.map((cell, i) => {
            const text = typeof cell === 'number' ? count(cell) : cell;
            return i === 0 ? h('th', { attrs: { scope: 'row' } }, text) : h('td', { class: numeric[i] ? 'num' : undefined }, text);
          }),
        ),
      ),
    ),
  );
}

const rowsOf = (values: Record<string, number>): Array<[string, number, string]> => {
  const total = Object.values(values).reduce((a, b) => a + b, 0);
  return Object.keys(values)
    .sort()
    .map((k) => [k, values[k]!, percent(values[k]!, total)]);
};

const sameRows = (a: DemoTable['rows'], b: DemoTable['rows']) => JSON.stringify(a) === JSON.stringify(b);

/** A chart and, beside it, a table with the same numbers. */
function figure(chart: DomElement, table: DomElement): DomElement {
  return h('div', { class: 'figure' }, h('div', { class: 'figure-chart' }, chart), h('div', { class: 'figure-table' }, table));
}

/**
 * One distribution: bars per key and the same numbers as a table. The tenant distribution of
 * the quota demo stacks succeeded, rate limited and failed per workspace. A table of the demo's
 * own with exactly these rows stands in for the generated one (it has the demo's wording).
 */
function distributionFigure(result: DemoResultView, d: Distribution, used: Set<DemoTable>): DomElement {
  const label = DIMENSION[d.dimension];
  if (d.dimension === 'tenant' && result.byTenant) {
    const tenants = Object.keys(d.values);
    const series: Series[] = [
      { name: 'Succeeded', kind: 'ok' },
      { name: 'Rate limited', kind: 'limited' },
      { name: 'Failed', kind: 'failed' },
    ];
    const bars: Bar[] = tenants.map((t) => {
      const c = result.byTenant![t];
      return { key: t, values: c ? [c.succeeded, c.rateLimited, c.failed] : [d.values[t] ?? 0, 0, 0] };
    });
    const table: DemoTable = { title: 'Requests by workspace', columns: [label, 'Succeeded', 'Rate limited', 'Failed', 'Sent'], rows: bars.map((b) => [b.key, b.values[0]!, b.values[1]!, b.values[2]!, b.values.reduce((x, y) => x + y, 0)]) };
    return figure(barChart(table.title, series, bars), dataTable(table));
  }
  const rows = rowsOf(d.values);
  const own = result.tables.find((t) => !used.has(t) && sameRows(t.rows, rows));
  if (own) used.add(own);
  const table = own ?? { title: d.title, columns: [label, 'Requests', 'Share'], rows };
  return figure(barChart(d.title, [{ name: 'Requests', kind: 'count' }], rows.map(([key, n]) => ({ key, values: [n] }))), dataTable(table));
}

function stat(name: string, value: string, className?: string): DomElement {
  return h('div', { class: `stat${className ? ` ${className}` : ''}` }, h('dt', undefined, name), h('dd', undefined, value));
}

/** One demo run: what it shows, its success rate and latency, its distributions as chart + table, its other tables and notes. */
export function demoCard(result: DemoResultView): DomElement {
  const headingId = uid('demo');
  const used = new Set<DemoTable>();
  const figures = result.distributions.map((d) => distributionFigure(result, d, used));
  const rest = result.tables.filter((t) => !used.has(t));
  const ok = result.succeeded === result.requests;
  const where = result.mode === 'aws' ? 'Amazon Bedrock' : `simulator, seed ${result.seed ?? '-'}`;
  return h(
    'article',
    { class: 'card demo', attrs: { 'aria-labelledby': headingId, 'data-pattern': result.pattern } },
    h('h3', { attrs: { id: headingId } }, result.title, h('span', { class: 'muted small' }, ` · ${where}`)),
    h('p', { class: 'summary' }, result.summary),
    h(
      'dl',
      { class: 'stats' },
      stat('Succeeded', `${count(result.succeeded)}/${count(result.requests)}`, ok ? 'good' : result.failed > 0 ? 'bad' : 'warn'),
      stat('Success rate', percent(result.succeeded, result.requests)),
      stat('Rate limited', count(result.rateLimited), result.rateLimited ? 'warn' : undefined),
      stat('Failed', count(result.failed), result.failed ? 'bad' : undefined),
      stat('Latency p50', ms(result.latencyMs.p50)),
      stat('p95', ms(result.latencyMs.p95)),
      stat('p99', ms(result.latencyMs.p99)),
    ),
    ...figures,
    ...rest.map((t) => h('div', { class: 'table-scroll' }, dataTable(t))),
    result.notes.length > 0 && h('ul', { class: 'notes' }, ...result.notes.map((n) => h('li', undefined, n))),
  );
}
