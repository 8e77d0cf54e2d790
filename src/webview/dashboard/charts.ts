import { type DomElement, h, svg } from './dom';
import { count } from './format';

/** A series of a bar chart; `kind` picks its theme colour in dashboard.css (`.bar.<kind>`). */
export interface Series {
  name: string;
  kind: 'count' | 'ok' | 'limited' | 'failed';
}

export interface Bar {
  key: string;
  /** One value per series (stacked). */
  values: number[];
}

const WIDTH = 420;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 56;
const ROW = 26;
const BAR = 16;
const MAX_LABEL = 22;

const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/**
 * A horizontal bar chart as SVG: one row per key, series stacked, coloured from the theme
 * (`--vscode-charts-*` in dashboard.css). Keys and numbers go in as text nodes. The same
 * numbers are in the table beside it, so the chart's own description is a short summary.
 */
export function barChart(title: string, series: readonly Series[], bars: readonly Bar[]): DomElement {
  const total = (b: Bar) => b.values.reduce((a, v) => a + v, 0);
  const max = Math.max(1, ...bars.map(total));
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH - 8) / max;
  const height = Math.max(1, bars.length) * ROW + 4;
  const summary = `${title}: ${bars.map((b) => `${b.key} ${series.length > 1 ? series.map((s, i) => `${count(b.values[i] ?? 0)} ${s.name.toLowerCase()}`).join(', ') : count(total(b))}`).join('; ')}`;
  const chart = svg('svg', { class: 'chart', attrs: { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': summary, preserveAspectRatio: 'xMinYMin meet' } }, svg('title', undefined, summary));
  bars.forEach((b, row) => {
    const y = row * ROW + 4;
    const label = svg('text', { class: 'chart-label', attrs: { x: LABEL_WIDTH - 8, y: y + BAR / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' } }, short(b.key));
    if (b.key.length > MAX_LABEL) label.append(svg('title', undefined, b.key));
    chart.append(label);
    let x = LABEL_WIDTH;
    b.values.forEach((v, i) => {
      if (v <= 0) return;
      const w = Math.max(1, v * scale);
      chart.append(svg('rect', { class: `bar ${series[i]?.kind ?? 'count'}`, attrs: { x, y, width: w, height: BAR, rx: 2 } }, svg('title', undefined, `${b.key}: ${count(v)} ${series[i]?.name.toLowerCase() ?? ''}`)));
      x += w;
    });
    const value = series.length > 1 ? `${count(b.values[0] ?? 0)}/${count(total(b))}` : count(total(b));
    chart.append(svg('text', { class: 'chart-value', attrs: { x: x + 6, y: y + BAR / 2, 'dominant-baseline': 'central' } }, value));
  });
  if (series.length < 2) return chart;
  const legend = h('ul', { class: 'legend', attrs: { 'aria-hidden': 'true' } }, ...series.map((s) => h('li', undefined, h('span', { class: `swatch ${s.kind}` }), s.name)));
  return h('div', { class: 'chart-box' }, chart, legend);
}
