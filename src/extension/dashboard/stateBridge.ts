import type { DemoResult, Pattern } from '../../demos/types';
import { PATTERNS } from '../../demos/types';
import { type Router, type TenantSnapshot, formatProblem, settingsSchema } from '../../router';
import type { DemoResultView, LimitsView, RouterView } from '../../webview/protocol';
import { type SettingsState } from '../settings';
import { tenantQuota } from '../views/quota';

/** How many recent requests the dashboard lists. */
export const RECENT_REQUESTS = 25;

/**
 * The router's live state as the webview's `RouterView`: the snapshot's targets, tenants
 * and recent requests (newest first), the routes with their descriptions, the settings'
 * problems, and where the limits live (the snapshot's mode; how many windows share them
 * and which Redis from `limits`). No `vscode` import.
 */
export function routerView(router: Router | undefined, settings: SettingsState, tenant: string, limits?: Omit<LimitsView, 'mode'>): RouterView {
  const problems = settings.problems.map(formatProblem);
  if (!router) {
    const mode = settings.config?.settings.mode ?? settingsSchema.parse({}).mode;
    return { at: Date.now(), tenant, mode, unavailable: 'No route can serve requests until the settings are valid.', problems, defaultRoute: '', routes: [], targets: [], pools: [], tenants: [], totals: { requests: 0, succeeded: 0, rateLimited: 0, failed: 0, cancelled: 0, providerThrottles: 0 }, recent: [] };
  }
  const snapshot = router.snapshot();
  const config = router.configuration;
  return {
    at: snapshot.at,
    tenant,
    mode: config.settings.mode,
    limits: { processes: 1, ...limits, mode: snapshot.limitsMode },
    problems,
    defaultRoute: snapshot.defaultRoute,
    routes: snapshot.routes.map((r) => ({ ...r, description: config.routes.get(r.name)?.description })),
    targets: snapshot.targets,
    pools: snapshot.pools,
    tenants: withCurrentTenant(snapshot.tenants, router, tenant),
    totals: snapshot.totals,
    recent: snapshot.recent.slice(-RECENT_REQUESTS).reverse(),
  };
}

/** The tenants with this window's first; it is listed even before its first request. */
function withCurrentTenant(tenants: readonly TenantSnapshot[], router: Router, tenant: string): TenantSnapshot[] {
  const mine = tenants.find((t) => t.name === tenant);
  const others = tenants.filter((t) => t !== mine);
  if (mine) return [mine, ...others];
  const q = tenantQuota(router, tenant);
  return [{ name: tenant, quota: q.quota, usage: q.usage, total: 0, succeeded: 0, rateLimited: 0, failed: 0, cancelled: 0, tokens: 0, costUsd: 0 }, ...others];
}

/** True while something in the view changes with time alone: usage in a sliding window, a cooldown running out. */
export function changesWithTime(view: RouterView): 'soon' | 'later' | 'no' {
  if (view.targets.some((t) => t.health === 'cooling' || t.health === 'credentials' || t.usage.inFlight > 0)) return 'soon';
  const busy = (u: { rpm: number; tpm: number; inFlight: number }) => u.rpm > 0 || u.tpm > 0 || u.inFlight > 0;
  if (view.targets.some((t) => busy(t.usage)) || view.tenants.some((t) => busy(t.usage))) return 'later';
  return 'no';
}

/** Demo results without their per-request logs (a scaled run has thousands of lines). */
export function demoView(result: DemoResult): DemoResultView {
  const { lines: _lines, ...rest } = result;
  return rest;
}

/** The latest result of each pattern, in the patterns' order. */
export class DemoResults {
  private readonly byPattern = new Map<Pattern, DemoResultView>();

  add(results: readonly (DemoResult | DemoResultView)[]): void {
    for (const r of results) this.byPattern.set(r.pattern, 'lines' in r ? demoView(r) : r);
  }

  get all(): DemoResultView[] {
    return PATTERNS.flatMap((p) => this.byPattern.get(p) ?? []);
  }

  get size(): number {
    return this.byPattern.size;
  }
}
