/**
 * Resolves the model identifier in a request path (model id, inference profile id,
 * either as an ARN, or an application inference profile ARN) against the catalog,
 * the account's application profiles and the source Region.
 */
import type { ApplicationProfile, ApplicationProfileBook } from './appProfiles';
import { findInferenceProfile, findModel, type InferenceProfileInfo, type ModelInfo } from './catalog';
import { MESSAGES, SimError } from './errors';
import type { QuotaPool, SimAccount } from './types';

export interface ModelTarget {
  /** The identifier exactly as requested (decoded). */
  requestedId: string;
  model: ModelInfo;
  /** Set when the request names an inference profile (cross-Region inference). */
  profile?: InferenceProfileInfo;
  /** Set when the request names an application inference profile (by ARN). */
  applicationProfile?: ApplicationProfile;
  pool: QuotaPool;
}

export interface CallerContext {
  account: SimAccount;
  applicationProfiles: ApplicationProfileBook;
}

const FOUNDATION_ARN = /^arn:aws:bedrock:([a-z0-9-]+)::foundation-model\/(.+)$/;
const PROFILE_ARN = /^arn:aws:bedrock:([a-z0-9-]+):(\d{12}):inference-profile\/(.+)$/;
const APPLICATION_ARN = /^arn:aws:bedrock:([a-z0-9-]+):(\d{12}):application-inference-profile\/[a-z0-9]+$/;

/** An application profile is routed like what it copies: its system profile (CRIS) or its model (in its Region). */
function applicationTarget(requestedId: string, sourceRegion: string, caller: CallerContext | undefined): ModelTarget {
  const app = caller?.applicationProfiles.get(requestedId);
  if (!app || app.accountId !== caller?.account.accountId || app.region !== sourceRegion) throw invalid();
  if (app.systemProfile) return { requestedId, model: app.model, profile: app.systemProfile, applicationProfile: app, pool: 'cross-region' };
  return { requestedId, model: app.model, applicationProfile: app, pool: 'on-demand' };
}

export function resolveModelTarget(requestedId: string, sourceRegion: string, caller?: CallerContext): ModelTarget {
  if (APPLICATION_ARN.test(requestedId)) return applicationTarget(requestedId, sourceRegion, caller);
  let id = requestedId;
  const foundation = FOUNDATION_ARN.exec(requestedId);
  const profileArn = PROFILE_ARN.exec(requestedId);
  if (foundation) {
    if (foundation[1] !== sourceRegion) throw invalid();
    id = foundation[2] ?? '';
  } else if (profileArn) {
    if (profileArn[1] !== sourceRegion) throw invalid();
    id = profileArn[3] ?? '';
  } else if (requestedId.startsWith('arn:')) {
    throw invalid();
  }

  const profile = findInferenceProfile(id);
  if (profile && !foundation) {
    if (!profile.destinationRegions.includes(sourceRegion)) throw invalid();
    const model = findModel(profile.modelId);
    if (!model) throw invalid();
    return { requestedId, model, profile, pool: 'cross-region' };
  }
  const model = profileArn ? undefined : findModel(id);
  if (!model) throw invalid();
  if (model.onDemandRegions.length === 0) throw new SimError('ValidationException', MESSAGES.needsProfile(model.id));
  if (!model.onDemandRegions.includes(sourceRegion)) throw invalid();
  return { requestedId, model, pool: 'on-demand' };
}

/** The model id as invocation logs record it: the profile's ARN for profile calls (the application profile's own ARN for those). */
export function loggedModelId(target: ModelTarget, sourceRegion: string, accountId: string): string {
  if (target.applicationProfile) return target.applicationProfile.arn;
  if (target.profile) return `arn:aws:bedrock:${sourceRegion}:${accountId}:inference-profile/${target.profile.id}`;
  return target.model.id;
}

function invalid(): SimError {
  return new SimError('ValidationException', MESSAGES.invalidModel);
}
