import { type z } from 'zod';
import { type ModelLookup } from '../../core/modelDirectory';
import { didYouMean } from '../../core/suggest';
import { accountAndRegionProblems } from './accountRules';
import { poolProblems } from './pools';
import { usesAwsProfile } from './auth';
import { dict } from '../../core/dict';
import { type QuotaConfig, SETTINGS_PREFIX, type RouteConfig, type Settings, type TargetConfig, quotaSchema, settingsSchema } from './schema';

export interface ConfigProblem {
  /** Full setting path, e.g. `resilientLlm.routes[1].fallbacks[0]`. */
  path: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${p.message}`;
}

/** A validated configuration with its lookups precomputed. */
export interface ResolvedConfig {
  readonly settings: Settings;
  readonly targets: ReadonlyMap<string, TargetConfig>;
  readonly routes: ReadonlyMap<string, RouteConfig>;
  readonly defaultRoute: string;
  /** Each route followed by its fallbacks, depth first, without repeats. */
  readonly chains: ReadonlyMap<string, readonly string[]>;
}

export type ValidationResult = { ok: true; config: ResolvedConfig } | { ok: false; problems: ConfigProblem[] };

export interface ValidationContext {
  /** AWS profiles that exist (from the user's AWS files). When given, targets must name one of them. */
  knownProfiles?: readonly string[];
  /** Where the profiles were read from, for the message. */
  profileSource?: string;
  /** What is known about models beyond the catalog (discovered application inference profiles); default: the catalog. */
  models?: ModelLookup;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = SETTINGS_PREFIX;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

const KNOWN_FIELDS: Record<string, string[]> = {
  target: ['id', 'model', 'profile', 'region', 'rpm', 'tpm', 'maxConcurrent', 'weight', 'contextWindow', 'maxOutputTokens', 'price', 'label', 'auth', 'serviceTier', 'learnLimits'],
  route: ['name', 'targets', 'strategy', 'fallbacks', 'maxTokens', 'description', 'inferenceScope', 'allowedRegions', 'promptCaching', 'reasoning', 'serviceTier', 'escalateToPriority', 'ttftObjectiveMs', 'hedge'],
  quota: ['rpm', 'tpm', 'tokensPerDay'],
  pool: ['profile', 'region', 'model', 'tpm', 'tokensPerDay'],
  top: ['mode', 'targets', 'routes', 'defaultRoute', 'quotas', 'pools', 'serviceQuotas', 'retry', 'timeouts', 'cooldown', 'maxQueueWaitMs', 'endpoint', 'simulator', 'demo'],
};

function fieldsFor(path: ReadonlyArray<PropertyKey>): string[] {
  if (path[0] === 'targets' && path.length === 2) return KNOWN_FIELDS.target!;
  if (path[0] === 'targets' && path[2] === 'auth') return ['type'];
  if (path[0] === 'routes' && path[2] === 'reasoning') return ['budgetTokens'];
  if (path[0] === 'routes' && path[2] === 'hedge') return ['budgetPercent', 'minDelayMs'];
  if (path[0] === 'routes' && path.length === 2) return KNOWN_FIELDS.route!;
  if (path[0] === 'quotas') return KNOWN_FIELDS.quota!;
  if (path[0] === 'pools' && path.length === 2) return KNOWN_FIELDS.pool!;
  if (path.length === 0) return KNOWN_FIELDS.top!;
  return [];
}

function zodProblems(error: z.ZodError): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), message: `unknown field${didYouMean(key, fieldsFor(issue.path))}; remove it or fix its name` });
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      problems.push({ path: formatPath(issue.path), message: 'is required' });
    } else {
      problems.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return problems;
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, where: (i: number) => string, what: string): ConfigProblem[] {
  const seen = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else problems.push({ path: where(i), message: `duplicate ${what} "${k}" (first defined at ${where(first)}); ${what}s must be unique` });
  });
  return problems;
}

function referenceProblems(s: Settings, ctx: ValidationContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  problems.push(...duplicates(s.targets, (t) => t.id, (i) => formatPath(['targets', i, 'id']), 'target id'));
  problems.push(...duplicates(s.routes, (r) => r.name, (i) => formatPath(['routes', i, 'name']), 'route name'));
  const targetIds = new Set(s.targets.map((t) => t.id));
  const routeNames = new Set(s.routes.map((r) => r.name));
  s.routes.forEach((route, ri) => {
    route.targets.forEach((id, ti) => {
      const path = formatPath(['routes', ri, 'targets', ti]);
      if (!targetIds.has(id)) problems.push({ path, message: `no target with id "${id}"${didYouMean(id, targetIds)}; add it to ${SETTINGS_PREFIX}.targets or remove it here` });
      else if (route.targets.indexOf(id) !== ti) problems.push({ path, message: `target "${id}" is listed twice in this route` });
    });
    route.fallbacks.forEach((name, fi) => {
      const path = formatPath(['routes', ri, 'fallbacks', fi]);
      if (name === route.name) problems.push({ path, message: `route "${name}" cannot fall back to itself` });
      else if (!routeNames.has(name)) problems.push({ path, message: `no route named "${name}"${didYouMean(name, routeNames)}; add the route or remove this fallback` });
    });
  });
  if (s.routes.length === 0) problems.push({ path: formatPath(['routes']), message: 'define at least one route, e.g. [{ "name": "sonnet", "targets": ["sonnet-a"] }]' });
  if (s.defaultRoute !== undefined && !routeNames.has(s.defaultRoute)) {
    problems.push({ path: formatPath(['defaultRoute']), message: `no route named "${s.defaultRoute}"${didYouMean(s.defaultRoute, routeNames)}` });
  }
  if (ctx.knownProfiles) {
    const known = new Set(ctx.knownProfiles);
    s.targets.forEach((t, i) => {
      if (usesAwsProfile(t.auth) && !known.has(t.profile)) {
        problems.push({ path: formatPath(['targets', i, 'profile']), message: `no AWS profile named "${t.profile}"${ctx.profileSource ? ` in ${ctx.profileSource}` : ''}${didYouMean(t.profile, known)}; add it (aws configure sso --profile ${t.profile}) or use an existing profile` });
      }
    });
  }
  const minima = s.retry.baseDelayMs > s.retry.maxDelayMs;
  if (minima) problems.push({ path: formatPath(['retry', 'maxDelayMs']), message: `must be at least retry.baseDelayMs (${s.retry.baseDelayMs})` });
  if (s.timeouts.firstTokenMs > s.timeouts.totalMs) problems.push({ path: formatPath(['timeouts', 'firstTokenMs']), message: `must not exceed timeouts.totalMs (${s.timeouts.totalMs})` });
  return problems;
}

/** Fallback cycles, reported once each at the edge that closes them. */
function cycleProblems(s: Settings): ConfigProblem[] {
  const byName = new Map(s.routes.map((r, i) => [r.name, { route: r, index: i }] as const));
  const problems: ConfigProblem[] = [];
  const done = new Set<string>();
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (done.has(name)) return;
    const entry = byName.get(name);
    if (!entry) return;
    stack.push(name);
    entry.route.fallbacks.forEach((next, fi) => {
      if (next === name) return; // reported as self-fallback
      const at = stack.indexOf(next);
      if (at >= 0) {
        const cycle = [...stack.slice(at), next];
        const key = [...cycle].slice(0, -1).sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ path: formatPath(['routes', entry.index, 'fallbacks', fi]), message: `fallback cycle ${cycle.join(' → ')}; a route must not fall back, directly or indirectly, to itself` });
        }
      } else visit(next, stack);
    });
    stack.pop();
    done.add(name);
  };
  for (const r of s.routes) visit(r.name, []);
  return problems;
}

function chainOf(name: string, routes: ReadonlyMap<string, RouteConfig>): string[] {
  const out: string[] = [];
  const walk = (n: string) => {
    if (out.includes(n)) return;
    const r = routes.get(n);
    if (!r) return;
    out.push(n);
    r.fallbacks.forEach(walk);
  };
  walk(name);
  return out;
}

/**
 * Workspace quotas in a null-prototype object, so a tenant name is only ever an own key.
 * Zod's record drops a `"__proto__"` key (assigning it would replace the prototype), so
 * that entry is read from the input and checked on its own: a workspace folder named
 * `__proto__` gets the quota written for it.
 */
function ownWorkspaceQuotas(raw: unknown, parsed: Record<string, QuotaConfig>, problems: ConfigProblem[]): Record<string, QuotaConfig> {
  const out = dict<QuotaConfig>();
  for (const [name, quota] of Object.entries(parsed)) out[name] = quota;
  const workspaces = (raw as { quotas?: { workspaces?: unknown } } | undefined)?.quotas?.workspaces;
  if (typeof workspaces === 'object' && workspaces !== null && Object.hasOwn(workspaces, '__proto__')) {
    const entry = quotaSchema.safeParse((workspaces as Record<string, unknown>)['__proto__'], { reportInput: true });
    if (entry.success) out['__proto__'] = entry.data;
    else problems.push(...zodProblems(entry.error).map((p) => ({ ...p, path: p.path.replace(SETTINGS_PREFIX, `${SETTINGS_PREFIX}.quotas.workspaces.__proto__`) })));
  }
  return out;
}

function semanticProblems(s: Settings, ctx: ValidationContext): ConfigProblem[] {
  return [...referenceProblems(s, ctx), ...cycleProblems(s), ...[...accountAndRegionProblems(s, ctx.models), ...poolProblems(s, ctx.models)].map((p) => ({ path: formatPath(p.path), message: p.message }))];
}

/** A deep copy of `raw` without the fields the schema reported as unknown. */
function withoutUnknownKeys(raw: unknown, error: z.ZodError): unknown {
  const copy: unknown = structuredClone(raw);
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let node: unknown = copy;
    for (const part of issue.path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part as PropertyKey] : undefined;
    if (node !== null && typeof node === 'object') for (const key of issue.keys) delete (node as Record<string, unknown>)[key];
  }
  return copy;
}

/** Validates settings (keys without the `resilientLlm.` prefix). Every problem names its setting path. */
export function validateSettings(raw: unknown, ctx: ValidationContext = {}): ValidationResult {
  const parsed = settingsSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    // Report every problem at once: when the only shape problems are unknown fields (a
    // misspelled key), the rest still parses, so its references are checked too.
    const problems = zodProblems(parsed.error);
    const rest = settingsSchema.safeParse(withoutUnknownKeys(raw ?? {}, parsed.error), { reportInput: true });
    if (rest.success) problems.push(...semanticProblems(rest.data, ctx));
    return { ok: false, problems };
  }
  const s = parsed.data;
  const quotaProblems: ConfigProblem[] = [];
  s.quotas.workspaces = ownWorkspaceQuotas(raw, s.quotas.workspaces, quotaProblems);
  const problems = [...quotaProblems, ...semanticProblems(s, ctx)];
  if (problems.length > 0) return { ok: false, problems };
  const targets = new Map(s.targets.map((t) => [t.id, t]));
  const routes = new Map(s.routes.map((r) => [r.name, r]));
  const chains = new Map(s.routes.map((r) => [r.name, chainOf(r.name, routes)]));
  return { ok: true, config: { settings: s, targets, routes, chains, defaultRoute: s.defaultRoute ?? s.routes[0]!.name } };
}

/** Like `validateSettings`, but throws a `ConfigError` listing every problem. */
export function resolveSettings(raw: unknown, ctx: ValidationContext = {}): ResolvedConfig {
  const result = validateSettings(raw, ctx);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid settings:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}
