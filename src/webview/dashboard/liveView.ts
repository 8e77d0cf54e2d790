import type { AttemptRecord, PoolSnapshot, RequestRecord, SkipRecord, TargetSnapshot, TenantSnapshot } from '../../router';
import type { LimitsView, RouterView } from '../protocol';
import { type DomDetails, type DomElement, h, uid } from './dom';
import { clockTime, count, ms, routeCostText, timeLeft, usd, usedOf } from './format';
import { gatewaySection } from './gatewayView';

/** A bar showing use against a limit (role meter); no limit: the number alone. */
export function meter(name: string, used: number, limit: number | undefined, unit: string): DomElement {
  const text = `${usedOf(used, limit)} ${unit}`;
  if (limit === undefined) return h('div', { class: 'meter-row no-limit' }, h('span', { class: 'meter-name' }, name), h('span', { class: 'meter-text' }, text, h('span', { class: 'muted small' }, ' · no limit')));
  const share = Math.min(1, limit > 0 ? used / limit : 0);
  const fill = h('div', { class: `meter-fill${share >= 1 ? ' full' : share >= 0.8 ? ' high' : ''}` });
  fill.style.setProperty('width', `${(share * 100).toFixed(1)}%`); // CSSOM: allowed under style-src without 'unsafe-inline'
  return h(
    'div',
    { class: 'meter-row' },
    h('span', { class: 'meter-name' }, name),
    h('div', { class: 'meter', attrs: { role: 'meter', 'aria-label': `${name}: ${count(used)} of ${count(limit)} ${unit}`, 'aria-valuemin': 0, 'aria-valuemax': limit, 'aria-valuenow': Math.min(used, limit) } }, fill),
    h('span', { class: 'meter-text' }, text),
  );
}

const HEALTH_TEXT: Record<TargetSnapshot['health'], string> = { healthy: 'Healthy', cooling: 'Cooling down', 'half-open': 'Half-open: probing', credentials: 'Credentials problem' };

/** "Cooling down · 12 s left": the health of a target, with its reason. */
export function healthBadge(t: Pick<TargetSnapshot, 'health' | 'retryInMs' | 'reason'>): DomElement {
  const left = t.health === 'cooling' && t.retryInMs !== undefined ? ` · ${timeLeft(t.retryInMs)} left` : t.health === 'credentials' && t.retryInMs ? ` · retry in ${timeLeft(t.retryInMs)}` : '';
  return h('span', { class: `badge health-${t.health}` }, HEALTH_TEXT[t.health] + left);
}

function targetCard(t: TargetSnapshot, poolLabel: string | undefined): DomElement {
  const lat = t.latency.samples > 0 ? `p50 ${ms(t.latency.p50)} · p95 ${ms(t.latency.p95)} · p99 ${ms(t.latency.p99)}` : 'no answers yet';
  const failures = Object.entries(t.failures)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${count(n)} ${kind}`)
    .join(', ');
  return h(
    'article',
    { class: `card target health-card-${t.health}`, attrs: { 'data-target': t.id } },
    h('div', { class: 'card-head' }, h('h4', undefined, t.id), healthBadge(t)),
    t.label && h('p', { class: 'label' }, t.label),
    h('p', { class: 'muted small where' }, `${t.model} · ${t.profile} · ${t.region}`),
    t.reason && t.health !== 'healthy' && h('p', { class: 'reason' }, t.reason),
    // Gateway limits only where set; Bedrock's own units are the pools' (below).
    t.limits.rpm !== undefined && meter('Gateway RPM', t.usage.rpm, t.limits.rpm, 'requests/min'),
    t.limits.tpm !== undefined && meter('Gateway TPM', t.usage.tpm, t.limits.tpm, 'tokens/min'),
    poolLabel && h('p', { class: 'muted small pool' }, `Bedrock pool: ${poolLabel}`),
    meter('Concurrency', t.usage.inFlight, t.limits.maxConcurrent, 'in flight'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', undefined, 'Answers'),
      h('dd', { class: 'attempts' }, `${count(t.succeeded)} of ${count(t.attempts)} attempts`),
      h('dt', undefined, 'Latency'),
      h('dd', undefined, lat),
      failures && h('dt', undefined, 'Failures'),
      failures && h('dd', undefined, failures + (t.providerThrottles ? ` (${count(t.providerThrottles)} throttled by Bedrock)` : '')),
      h('dt', undefined, 'Tokens'),
      h('dd', undefined, `${count(t.tokens.input)} in · ${count(t.tokens.output)} out${t.tokens.cacheRead || t.tokens.cacheWrite ? ` · cache ${count(t.tokens.cacheRead)} read, ${count(t.tokens.cacheWrite)} written` : ''} · ${usd(t.costUsd)}`),
    ),
  );
}

const SOURCE = { typed: 'typed in settings', discovered: 'from Service Quotas' } as const;

/** A Bedrock quota pool: tokens per minute (after burndown) and tokens today against its limits, and where they came from. */
function poolCard(p: PoolSnapshot): DomElement {
  const from = [p.limits.tpmSource && `per minute ${SOURCE[p.limits.tpmSource]}`, p.limits.tokensPerDaySource && `per day ${SOURCE[p.limits.tokensPerDaySource]}`].filter(Boolean).join(' · ');
  return h(
    'article',
    { class: 'card pool', attrs: { 'data-pool': p.key } },
    h('div', { class: 'card-head' }, h('h4', undefined, p.label)),
    h('p', { class: 'muted small where' }, `Targets: ${p.targets.join(', ')}`),
    meter('Per minute', p.usage.tpm, p.limits.tpm, 'tokens/min'),
    // Admission runs at the learnt limit when Bedrock gave less than the quota: shown as its own meter.
    p.limits.learntTpm !== undefined && meter('Learnt', p.usage.tpm, p.limits.learntTpm, 'tokens/min'),
    meter('Today', p.usage.tokensToday, p.limits.tokensPerDay, 'tokens'),
    p.learnt && h('p', { class: 'small learnt' }, `${p.learnt[0]!.toUpperCase()}${p.learnt.slice(1)}.`),
    h('p', { class: 'muted small' }, from ? `Limits ${from}.` : 'No quota known: set resilientLlm.pools or allow Service Quotas.', p.learns ? '' : ' Learning off (learnLimits: false).'),
  );
}

function tenantRow(t: TenantSnapshot, current: string): DomElement {
  return h(
    'tr',
    { class: t.name === current ? 'current' : undefined, attrs: { 'data-tenant': t.name } },
    h('th', { attrs: { scope: 'row' } }, t.name, t.name === current ? h('span', { class: 'muted small' }, ' (this window)') : null),
    h('td', undefined, meter('RPM', t.usage.rpm, t.quota.rpm, 'requests/min')),
    h('td', undefined, meter('TPM', t.usage.tpm, t.quota.tpm, 'tokens/min')),
    h('td', undefined, meter('Today', t.usage.tokensToday, t.quota.tokensPerDay, 'tokens')),
    h('td', { class: 'num nowrap' }, `${count(t.succeeded)} ok · ${count(t.rateLimited)} limited · ${count(t.failed)} failed`),
  );
}

function attemptItem(a: AttemptRecord): DomElement {
  const outcome = a.outcome === 'ok' ? 'answered' : a.outcome;
  return h(
    'li',
    { class: `attempt outcome-${a.outcome === 'ok' ? 'ok' : 'error'}` },
    h('strong', undefined, a.targetId),
    ` (${a.model} · ${a.profile} · ${a.region}, route ${a.route}): `,
    h('span', { class: 'outcome' }, outcome),
    ` in ${ms(a.latencyMs)}`,
    a.ttftMs !== undefined ? `, first token after ${ms(a.ttftMs)}` : '',
    a.probe ? h('span', { class: 'badge health-half-open' }, 'probe') : null,
    a.message ? h('div', { class: 'message' }, a.message) : null,
  );
}

function skipItem(s: SkipRecord): DomElement {
  return h('li', { class: 'skip' }, h('strong', undefined, s.targetId), ` (route ${s.route}): `, s.reason, s.retryAfterMs !== undefined ? ` · free in ${timeLeft(s.retryAfterMs)}` : '');
}

const OUTCOME_CLASS: Record<RequestRecord['outcome'], string> = { succeeded: 'good', 'rate-limited': 'warn', failed: 'bad', cancelled: 'muted' };

/** One recent request: a summary line that expands to its attempt path and why targets were skipped ("why this target"). */
export function recentItem(r: RequestRecord, open: boolean, onToggle: (id: string, open: boolean) => void): DomElement {
  const served = r.servedBy ? `${r.servedBy.targetId}${r.fallbackDepth ? ` (fallback route ${r.servedBy.route})` : ''}` : 'not served';
  const details = h<DomDetails>(
    'details',
    { attrs: { open } },
    h(
      'summary',
      undefined,
      h('span', { class: 'muted mono' }, `${clockTime(r.startedAt)} ${r.id}`),
      ' ',
      h('span', { class: `badge ${OUTCOME_CLASS[r.outcome]}` }, r.outcome),
      ' ',
      `${r.route} → ${served}`,
      h('span', { class: 'muted' }, ` · ${ms(r.totalMs)} · ${r.attempts.length} attempt${r.attempts.length === 1 ? '' : 's'} · ${r.tenant}${r.client ? ` · ${r.client}` : ''}`),
    ),
    h(
      'div',
      { class: 'path' },
      r.message && r.outcome !== 'succeeded' ? h('p', { class: 'message' }, r.message) : null,
      r.attempts.length > 0 ? h('div', undefined, h('h5', undefined, 'Attempts, in order'), h('ol', { class: 'attempts' }, ...r.attempts.map(attemptItem))) : h('p', { class: 'muted' }, 'No target was called.'),
      r.skipped.length > 0 && h('div', undefined, h('h5', undefined, 'Passed over'), h('ul', { class: 'skips' }, ...r.skipped.map(skipItem))),
      h(
        'p',
        { class: 'muted small' },
        [
          `Tenant ${r.tenant}`,
          r.waitedMs > 0 ? `waited ${ms(r.waitedMs)}` : '',
          r.ttftMs !== undefined ? `first token ${ms(r.ttftMs)}` : '',
          r.usage ? `${count(r.usage.inputTokens)} in / ${count(r.usage.outputTokens)} out tokens${r.usage.cacheReadInputTokens || r.usage.cacheWriteInputTokens ? ` (cache ${count(r.usage.cacheReadInputTokens ?? 0)} read, ${count(r.usage.cacheWriteInputTokens ?? 0)} written)` : ''}` : '',
          r.costUsd ? usd(r.costUsd) : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
  );
  details.addEventListener('toggle', () => onToggle(r.id, details.open));
  return h('li', { attrs: { 'data-record': r.id } }, details);
}

/**
 * Keeps the recent-request list in step with the records, newest first, without rebuilding
 * the items already shown: records do not change once finished, and a rebuilt item would
 * lose the reader's focus and its open/closed state.
 */
export class RecentList {
  readonly element = h('ol', { class: 'recent', attrs: { 'aria-live': 'off' } });
  private readonly items = new Map<string, DomElement>();

  constructor(
    private readonly isOpen: (id: string) => boolean,
    private readonly onToggle: (id: string, open: boolean) => void,
  ) {}

  update(records: readonly RequestRecord[]): void {
    const ids = new Set(records.map((r) => r.id));
    for (const [id, el] of this.items) {
      if (ids.has(id)) continue;
      el.remove();
      this.items.delete(id);
    }
    records.forEach((r, i) => {
      let el = this.items.get(r.id);
      if (!el) {
        el = recentItem(r, this.isOpen(r.id), this.onToggle);
        this.items.set(r.id, el);
      }
      if (this.element.children[i] !== el) this.element.insertBefore(el, this.element.children[i] ?? null);
    });
  }
}

function routesTable(view: RouterView): DomElement {
  return h(
    'table',
    { class: 'data' },
    h('caption', undefined, 'Routes (each is a model in the chat model picker)'),
    h('thead', undefined, h('tr', undefined, ...['Route', 'Strategy', 'Targets', 'Falls back to', 'Cost', 'Description'].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
    h(
      'tbody',
      undefined,
      ...view.routes.map((r) =>
        h(
          'tr',
          { attrs: { 'data-route': r.name } },
          h('th', { attrs: { scope: 'row' } }, r.name, r.name === view.defaultRoute ? h('span', { class: 'muted small' }, ' (default)') : null),
          h('td', undefined, r.strategy),
          h('td', undefined, r.targets.join(', ')),
          h('td', undefined, r.fallbacks.join(', ') || '-'),
          h('td', { attrs: { 'data-cost': '' } }, routeCostText(r.cost)),
          h('td', undefined, r.description ?? ''),
        ),
      ),
    ),
  );
}

/** "limits: shared through Redis (redis://cache:6379) by 3 windows". */
export function limitsText(limits: LimitsView | undefined): string {
  if (!limits) return '';
  const windows = `${count(limits.processes)} window${limits.processes === 1 ? '' : 's'}`;
  const where = limits.redis ? ` (${limits.redis})` : '';
  switch (limits.mode) {
    case 'in-process':
      return 'limits: this window only';
    case 'shared':
      return `limits: shared through Redis${where} by ${windows}`;
    case 'local-fallback':
      return `limits: held in this window, Redis${where} unreachable`;
  }
}

/** Everything live but the recent list: header facts, problems, targets, tenants, routes. */
export function liveSections(view: RouterView): DomElement[] {
  const t = view.totals;
  const facts = [`Workspace (tenant): ${view.tenant}`, `mode: ${view.mode}`, limitsText(view.limits), `${count(t.requests)} requests: ${count(t.succeeded)} succeeded, ${count(t.rateLimited)} rate limited, ${count(t.failed)} failed, ${count(t.cancelled)} cancelled`, `updated ${clockTime(view.at)}`].filter(Boolean);
  const targetsId = uid('targets');
  const tenantsId = uid('tenants');
  const poolsId = uid('pools');
  return [
    h('p', { class: 'facts-line' }, facts.join(' · ')),
    view.limits?.mode === 'local-fallback' && h('p', { class: 'problems', attrs: { role: 'status' } }, view.limits.message ?? 'Redis is unreachable: the limits are held in this window until it answers again.'),
    (view.unavailable || view.problems.length > 0) &&
      h('div', { class: 'problems', attrs: { role: 'alert' } }, h('p', undefined, view.unavailable ?? 'The settings have problems; the last good configuration keeps serving:'), h('ul', undefined, ...view.problems.map((p) => h('li', undefined, p)))),
    h('h3', { attrs: { id: targetsId } }, 'Targets'),
    h('div', { class: 'grid targets', attrs: { role: 'list', 'aria-labelledby': targetsId } }, ...view.targets.map((x) => h('div', { attrs: { role: 'listitem' } }, targetCard(x, view.pools.find((p) => p.key === x.pool)?.label)))),
    view.pools.length > 0 && h('h3', { attrs: { id: poolsId } }, 'Bedrock quota pools (tokens after burndown)'),
    view.pools.length > 0 && h('div', { class: 'grid pools', attrs: { role: 'list', 'aria-labelledby': poolsId } }, ...view.pools.map((p) => h('div', { attrs: { role: 'listitem' } }, poolCard(p)))),
    h('h3', { attrs: { id: tenantsId } }, 'Workspace quotas'),
    h('p', { class: 'muted small' }, 'A window counts against the row named after its workspace (or resilientLlm.tenant). tenant-a, tenant-b and tenant-c carry the quota-isolation demo\'s quotas; the demo itself runs on its own simulator, so its requests show in its results below, and a window whose tenant is one of them shows here.'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data tenants', attrs: { 'aria-labelledby': tenantsId } },
        h('thead', undefined, h('tr', undefined, ...['Workspace', 'Requests per minute', 'Tokens per minute', 'Tokens today', 'Requests'].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
        h('tbody', undefined, ...view.tenants.map((x) => tenantRow(x, view.tenant))),
      ),
    ),
    ...gatewaySection(view.gateway),
    h('h3', undefined, 'Routes'),
    h('div', { class: 'table-scroll' }, routesTable(view)),
  ].filter((x): x is DomElement => Boolean(x));
}
