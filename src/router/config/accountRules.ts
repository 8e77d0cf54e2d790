import { BUILT_IN_MODELS, type ModelLookup } from '../../core/modelDirectory';
import { routeExclusion } from '../inferenceScope';
import { authOf, describeAuth } from './auth';
import { type Settings } from './schema';

export interface PathProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * Rules across targets and routes that the per-field schema cannot state: one way to
 * authenticate per account, and routes that keep requests inside their inference scope
 * and allowed Regions.
 */
export function accountAndRegionProblems(s: Settings, models: ModelLookup = BUILT_IN_MODELS): PathProblem[] {
  const problems: PathProblem[] = [];
  const firstByProfile = new Map<string, number>();
  s.targets.forEach((t, i) => {
    const first = firstByProfile.get(t.profile);
    if (first === undefined) {
      firstByProfile.set(t.profile, i);
      return;
    }
    const other = s.targets[first]!;
    const [mine, theirs] = [authOf(t), authOf(other)];
    if (mine.type !== theirs.type) {
      problems.push({
        path: ['targets', i, 'auth'],
        message: `"${mine.type}" differs from target "${other.id}" ("${theirs.type}", ${describeAuth(theirs)}) in the same account "${t.profile}"; targets of one account authenticate the same way, so use the same auth or another profile name`,
      });
    }
  });
  const byId = new Map(s.targets.map((t) => [t.id, t]));
  s.routes.forEach((route, ri) => {
    route.targets.forEach((id, ti) => {
      const target = byId.get(id);
      if (!target) return; // reported as a missing target
      const why = routeExclusion(route, target, models);
      if (why) problems.push({ path: ['routes', ri, 'targets', ti], message: why });
    });
  });
  return problems;
}
