/** Markdown for `/routes` and Validate Routes: the effective routes and any validation problems. No `vscode` import. */
import { type ConfigProblem, type ResolvedConfig, type RouteConfig, formatProblem } from '../../router';
import { routeModelName } from '../lm/routeModels';
import type { SettingSource } from '../settings';

export interface RoutesInput {
  config: ResolvedConfig | undefined;
  problems: readonly ConfigProblem[];
  sources: Readonly<Record<string, SettingSource>>;
  tenant: string;
}

const SOURCE_TEXT: Record<SettingSource, string> = { default: 'built-in defaults', user: 'user settings', workspace: 'workspace settings' };

/** "2 problems". */
export function problemCount(problems: readonly ConfigProblem[]): string {
  return `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
}

/** Every problem, for a one-paragraph notification: "(1) path: what (2) path: what". */
export function problemList(problems: readonly ConfigProblem[]): string {
  return problems.length === 1 ? formatProblem(problems[0]!) : problems.map((p, i) => `(${i + 1}) ${formatProblem(p)}`).join(' ');
}

export function problemsMarkdown(problems: readonly ConfigProblem[], serving: boolean): string {
  const head = serving ? `**${problemCount(problems)} in the settings**; the last good configuration (above) keeps serving until they are fixed:` : `**${problemCount(problems)} in the settings**; no route can serve until they are fixed:`;
  return [head, '', ...problems.map((p) => `- \`${p.path}\`: ${p.message}`)].join('\n');
}

/**
 * One block per route (its strategy and fallbacks on one line, a bullet per target): the Chat
 * view is narrow by default, and a table there wrapped model ids a few characters per line.
 */
function routeBlock(route: RouteConfig, config: ResolvedConfig): string[] {
  const isDefault = route.name === config.defaultRoute;
  const fallbacks = route.fallbacks.length > 0 ? `falls back to ${route.fallbacks.map((f) => `\`${f}\``).join(' → ')}` : 'no fallback';
  const lines = [`**\`${route.name}\`**${isDefault ? ' (the default route)' : ''}: ${route.strategy} over ${route.targets.length} target${route.targets.length === 1 ? '' : 's'}, ${fallbacks}`, ''];
  for (const id of route.targets) {
    const t = config.targets.get(id)!;
    lines.push(`- \`${id}\`: ${t.model} · ${t.profile} · ${t.region}${t.rpm !== undefined ? ` · ${t.rpm} RPM` : ''}`);
  }
  lines.push('');
  return lines;
}

export function routesMarkdown(input: RoutesInput): string {
  const { config } = input;
  const out: string[] = [];
  if (config) {
    const s = config.settings;
    out.push(`**Mode:** ${s.mode} · **Tenant:** \`${input.tenant}\` · **Default route:** \`${config.defaultRoute}\``, '');
    out.push(`Each route is a model in the picker, the default route first: ${[...config.routes.keys()].map((r) => `"${routeModelName(r, r === config.defaultRoute)}"`).join(', ')}.`, '');
    for (const r of config.routes.values()) out.push(...routeBlock(r, config));
    const from = (k: string) => SOURCE_TEXT[input.sources[k] ?? 'default'];
    out.push(`Routes from ${from('routes')}, targets from ${from('targets')}, quotas from ${from('quotas')}.`);
  }
  if (input.problems.length > 0) out.push('', problemsMarkdown(input.problems, config !== undefined));
  else if (config) out.push('', 'The settings are valid.');
  return out.join('\n');
}
