/** Markdown for `/routes` and Validate Routes: the effective routes and any validation problems. No `vscode` import. */
import type { ConfigProblem, ResolvedConfig } from '../../router';
import type { SettingSource } from '../settings';

export interface RoutesInput {
  config: ResolvedConfig | undefined;
  problems: readonly ConfigProblem[];
  sources: Readonly<Record<string, SettingSource>>;
  tenant: string;
}

const SOURCE_TEXT: Record<SettingSource, string> = { default: 'built-in defaults', user: 'user settings', workspace: 'workspace settings' };

export function problemsMarkdown(problems: readonly ConfigProblem[], serving: boolean): string {
  const head = serving ? `**${problems.length} problem${problems.length === 1 ? '' : 's'} in the settings**; the last good configuration (above) keeps serving until they are fixed:` : `**${problems.length} problem${problems.length === 1 ? '' : 's'} in the settings**; no route can serve until they are fixed:`;
  return [head, '', ...problems.map((p) => `- \`${p.path}\`: ${p.message}`)].join('\n');
}

export function routesMarkdown(input: RoutesInput): string {
  const { config } = input;
  const out: string[] = [];
  if (config) {
    const s = config.settings;
    out.push(`**Mode:** ${s.mode} · **Tenant:** \`${input.tenant}\` · **Default route:** \`${config.defaultRoute}\``, '');
    out.push('| Route (model in the picker) | Strategy | Targets | Falls back to |', '|---|---|---|---|');
    for (const r of config.routes.values()) {
      const targets = r.targets.map((id) => {
        const t = config.targets.get(id)!;
        return `\`${id}\` (${t.model} · ${t.profile} · ${t.region}${t.rpm !== undefined ? ` · ${t.rpm} RPM` : ''})`;
      });
      out.push(`| \`${r.name}\` | ${r.strategy} | ${targets.join('<br>')} | ${r.fallbacks.length > 0 ? r.fallbacks.map((f) => `\`${f}\``).join(' → ') : '-'} |`);
    }
    const from = (k: string) => SOURCE_TEXT[input.sources[k] ?? 'default'];
    out.push('', `Routes from ${from('routes')}, targets from ${from('targets')}, quotas from ${from('quotas')}.`);
  }
  if (input.problems.length > 0) out.push('', problemsMarkdown(input.problems, config !== undefined));
  else if (config) out.push('', 'The settings are valid.');
  return out.join('\n');
}
