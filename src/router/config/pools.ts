import { BUILT_IN_MODELS, type ModelLookup } from '../../core/modelDirectory';
import { authOf } from './auth';
import { poolOf } from '../limits/pools';
import { type Settings } from './schema';

/** Problems of `resilientLlm.pools`, each at the entry's path (`['pools', 1, 'model']`). */
export function poolProblems(s: Settings, models: ModelLookup = BUILT_IN_MODELS): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const used = new Map(s.targets.map((t) => [poolOf({ ...t, authType: authOf(t).type }, models).key, t.id] as const));
  const seen = new Map<string, number>();
  s.pools.forEach((p, i) => {
    if (p.tpm === undefined && p.tokensPerDay === undefined) {
      problems.push({ path: ['pools', i], message: 'sets no limit: add "tpm" (tokens per minute) or "tokensPerDay", or remove the entry to use Service Quotas' });
      return;
    }
    const ref = poolOf(p, models);
    const first = seen.get(ref.key);
    if (first !== undefined) {
      problems.push({ path: ['pools', i], message: `is the same pool as pools[${first}] (${ref.label}); merge the two entries` });
      return;
    }
    seen.set(ref.key, i);
    if (!used.has(ref.key)) {
      const kind = ref.kind === 'cross-region' ? 'an inference profile id such as "us.' + ref.model + '"' : 'the model id "' + ref.model + '"';
      problems.push({ path: ['pools', i, 'model'], message: `no target sends to this pool (${ref.label}): a pool is one profile, Region and model called through ${kind}; make it match a target's profile, region and model, or remove the entry` });
    }
  });
  return problems;
}
