/**
 * The choices Add Target offers: AWS profiles, Regions, and the models and inference
 * profiles a Region can call, from the model catalog. No `vscode` import.
 */
import { baseModelId } from '../core/models';
import { ALL_REGIONS, INFERENCE_PROFILES, MODELS } from '../core/catalog';

export const REGIONS: readonly string[] = ALL_REGIONS;

export interface ModelChoice {
  /** What goes into the target's `model`. */
  id: string;
  name: string;
  kind: string;
  contextWindow: number;
  price: string;
}

/** Models callable from `region`: its geography's inference profiles, global profiles and on-demand ids. */
export function modelChoices(region: string): ModelChoice[] {
  const out: ModelChoice[] = [];
  for (const m of MODELS) {
    const price = `$${+(m.pricePer1kInput * 1000).toFixed(3)} / $${+(m.pricePer1kOutput * 1000).toFixed(3)} per million tokens in / out`;
    for (const p of INFERENCE_PROFILES.filter((p) => p.modelId === m.id && p.destinationRegions.includes(region))) {
      out.push({ id: p.id, name: m.name, kind: p.geography === 'global' ? 'global cross-Region inference profile' : `cross-Region inference profile (${p.geography})`, contextWindow: m.contextWindow, price });
    }
    if (m.onDemandRegions.includes(region)) out.push({ id: m.id, name: m.name, kind: `on-demand in ${region}`, contextWindow: m.contextWindow, price });
  }
  return out;
}

/** `us.anthropic.claude-sonnet-4-6` in profile `shard-c` → `sonnet-4-6-shard-c` (made unique against `taken`). */
export function suggestTargetId(model: string, profile: string, taken: ReadonlySet<string>): string {
  const base = baseModelId(model)
    .replace(/^[a-z0-9]+\.(claude-)?/, '')
    .replace(/-\d{8}-v\d+:\d+$/, '')
    .replace(/-v\d+:\d+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  const stem = `${base}-${profile.replace(/[^A-Za-z0-9._-]+/g, '-')}`.slice(0, 60).replace(/^[^A-Za-z0-9]+/, '') || 'target';
  let id = stem;
  for (let i = 2; taken.has(id); i++) id = `${stem}-${i}`;
  return id;
}

/** Blank → undefined; otherwise a positive whole number or an error message. */
export function parseLimit(value: string): number | undefined | { error: string } {
  const v = value.trim().replace(/[,_ ]/g, '');
  if (v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) return { error: 'Enter a whole number of at least 1, or leave it empty for no limit.' };
  return Number(v);
}
