/**
 * The choices Add Target offers: AWS profiles, Regions, and the models and inference
 * profiles a Region can call, from model discovery (the account's own lists, or the
 * built-in catalog). No `vscode` import.
 */
import { ALL_REGIONS, findModel } from '../core/catalog';
import { baseModelId, geoPrefix, modelInfo } from '../core/models';
import type { DiscoveredProfile, DiscoveryResult } from '../providers/bedrock/discovery';

export const REGIONS: readonly string[] = ALL_REGIONS;

export interface ModelChoice {
  /** What goes into the target's `model`. */
  id: string;
  name: string;
  kind: string;
  contextWindow: number;
  price: string;
}

const GEOGRAPHY_TEXT: Record<string, string> = { us: 'US', eu: 'EU', apac: 'APAC', jp: 'Japan', au: 'Australia', ca: 'Canada', 'us-gov': 'US GovCloud' };

function priceText(model: string): string {
  const info = modelInfo(model);
  if (!findModel(info.id)) return 'price not in the built-in list';
  return `$${+info.price.inputPerMillion.toFixed(3)} / $${+info.price.outputPerMillion.toFixed(3)} per million tokens in / out`;
}

function profileKind(p: DiscoveredProfile): string {
  if (p.type === 'APPLICATION') return `application inference profile (copies ${p.copies ?? p.modelId ?? 'a model'})`;
  const geo = geoPrefix(p.id);
  return geo === 'global' ? 'global cross-Region inference profile' : `cross-Region inference profile (${geo ? (GEOGRAPHY_TEXT[geo] ?? geo) : 'Regional'})`;
}

/**
 * What Add Target offers for a Region, from discovery (the account's lists, or the built-in
 * catalog when the account could not be asked): application inference profiles first, then
 * system inference profiles, then models callable on demand there.
 */
export function discoveredChoices(result: Pick<DiscoveryResult, 'region' | 'models' | 'inferenceProfiles'>): ModelChoice[] {
  const profiles = result.inferenceProfiles.filter((p) => p.status === 'ACTIVE' && p.model);
  const ordered = [...profiles.filter((p) => p.type === 'APPLICATION'), ...profiles.filter((p) => p.type !== 'APPLICATION')];
  const out: ModelChoice[] = ordered.map((p) => {
    const underlying = p.modelId ?? p.copies ?? p.id;
    return { id: p.model, name: p.name, kind: profileKind(p), contextWindow: modelInfo(underlying).contextWindow, price: priceText(underlying) };
  });
  for (const m of result.models) {
    if (m.inferenceTypes.includes('ON_DEMAND')) out.push({ id: m.id, name: m.name, kind: `on-demand in ${result.region}`, contextWindow: modelInfo(m.id).contextWindow, price: priceText(m.id) });
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
