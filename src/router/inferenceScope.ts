import { REGIONS_BY_GEOGRAPHY, findInferenceProfile } from '../core/catalog';
import { type ModelLookup, isApplicationProfileArn } from '../core/modelDirectory';
import { geoPrefix } from '../core/models';
import { type InferenceScope, type RouteConfig, type TargetConfig } from './config/schema';

/**
 * Where a target's requests may be processed: in its own Region (a model id), in a
 * geography (`us.`, `eu.` ... inference profiles) or anywhere (`global.`). Routes use it to
 * keep requests inside `inferenceScope` and `allowedRegions`.
 */
export interface Processing {
  /** Undefined when it cannot be told (an application inference profile discovery has not seen). */
  scope?: InferenceScope;
  /** Regions the request may be processed in; undefined when unknown or every commercial Region. */
  regions?: readonly string[];
}

const ARN_REGION = /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]+):/;
const RANK: Record<InferenceScope, number> = { 'in-region': 0, geographic: 1, global: 2 };

function regionOf(model: string, targetRegion: string): string {
  return ARN_REGION.exec(model)?.[1] || targetRegion;
}

/** Where requests to `model`, sent to `region`, may be processed. */
export function processingOf(model: string, region: string, lookup: ModelLookup): Processing {
  const source = regionOf(model, region);
  if (isApplicationProfileArn(model)) {
    const copied = lookup.resolve(model);
    const regions = lookup.regionsOf(model);
    const of = copied === model ? {} : processingOf(copied, source, lookup);
    // What discovery saw (the Regions of its models) wins over what the copied id implies.
    if (!regions || of.scope === 'global') return of;
    return { scope: regions.length > 1 ? 'geographic' : 'in-region', regions };
  }
  const id = lookup.resolve(model);
  const geo = geoPrefix(id);
  if (!geo) return { scope: 'in-region', regions: [source] };
  if (geo === 'global') return { scope: 'global' };
  const known = findInferenceProfile(id)?.destinationRegions ?? (REGIONS_BY_GEOGRAPHY as Record<string, readonly string[] | undefined>)[geo];
  return { scope: 'geographic', regions: known };
}

const SCOPE_TEXT: Record<InferenceScope, string> = {
  'in-region': 'only in its own Region',
  geographic: 'within one geography',
  global: 'anywhere',
};

/**
 * Why `route` must not send to `target`, or undefined when it may. The message names
 * the constraint and how to fix it.
 */
export function routeExclusion(route: Pick<RouteConfig, 'inferenceScope' | 'allowedRegions'>, target: Pick<TargetConfig, 'id' | 'model' | 'region'>, lookup: ModelLookup): string | undefined {
  const scope = route.inferenceScope ?? 'global';
  const allowed = route.allowedRegions;
  if (scope === 'global' && !allowed) return undefined;
  const p = processingOf(target.model, target.region, lookup);
  if (!p.scope) {
    return `target "${target.id}" uses application inference profile ${target.model}, and what it copies is unknown, so the Regions it is processed in cannot be checked; discover the account's models (Add Target) or use a model or inference profile id`;
  }
  if (RANK[p.scope] > RANK[scope]) {
    return `target "${target.id}" (${target.model}) may be processed ${SCOPE_TEXT[p.scope]}, but this route's inferenceScope "${scope}" keeps requests ${SCOPE_TEXT[scope]}; use a ${scope === 'in-region' ? 'model id without a geography prefix' : 'geographic profile (us., eu., apac. ...)'} or widen inferenceScope`;
  }
  if (!allowed) return undefined;
  const source = regionOf(target.model, target.region);
  if (!allowed.includes(source)) return `target "${target.id}" sends to ${source}, which is not in this route's allowedRegions (${allowed.join(', ')})`;
  if (!p.regions) {
    const where = p.scope === 'global' ? 'in any commercial Region' : 'in Regions this extension does not know';
    return `target "${target.id}" (${target.model}) may be processed ${where}, outside this route's allowedRegions (${allowed.join(', ')}); use an inference profile whose Regions are all allowed, or an in-Region model id`;
  }
  const outside = p.regions.filter((r) => !allowed.includes(r));
  if (outside.length > 0) return `target "${target.id}" (${target.model}) may be processed in ${outside.join(', ')}, outside this route's allowedRegions (${allowed.join(', ')}); add those Regions or use an in-Region model id`;
  return undefined;
}
