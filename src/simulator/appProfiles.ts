/**
 * Application inference profiles: an account's own profile, in one Region, copying a
 * foundation model (served in that Region) or a system inference profile (routed like it).
 * Created from a scenario or the admin API; called by ARN; listed by ListInferenceProfiles.
 */
import { findInferenceProfile, findModel, type InferenceProfileInfo, type ModelInfo } from './catalog';
import { hashParts } from './random';
import type { SimAccount } from './types';

export interface ApplicationProfileSpec {
  /** Account, by profile name. */
  profile: string;
  region: string;
  name: string;
  /** Foundation model id or system inference profile id, or the ARN of either. */
  copyFrom: string;
  description?: string;
  /** Profile id (the ARN's last part); derived from account, Region and name when absent. */
  id?: string;
}

export interface ApplicationProfile {
  arn: string;
  id: string;
  name: string;
  description?: string;
  accountId: string;
  profile: string;
  region: string;
  model: ModelInfo;
  /** Set when it copies a system inference profile: requests route like that profile. */
  systemProfile?: InferenceProfileInfo;
  /** Regions its models live in (where it may be processed). */
  regions: readonly string[];
  createdAt: number;
}

const COPY_ARN = /^arn:aws:bedrock:([a-z0-9-]+):\d{0,12}:(?:foundation-model|inference-profile)\/(.+)$/;
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function profileId(accountId: string, region: string, name: string): string {
  let out = '';
  for (let i = 0; out.length < 12; i++) {
    let h = hashParts('app-profile', accountId, region, name, i);
    for (let j = 0; j < 4 && out.length < 12; j++) {
      out += ID_CHARS[h % ID_CHARS.length];
      h = Math.floor(h / ID_CHARS.length);
    }
  }
  return out;
}

export function applicationProfileArn(region: string, accountId: string, id: string): string {
  return `arn:aws:bedrock:${region}:${accountId}:application-inference-profile/${id}`;
}

export class ApplicationProfileBook {
  private readonly byArn = new Map<string, ApplicationProfile>();

  /** Creates a profile; throws with a plain message when the source is unknown or not callable from the Region. */
  add(account: SimAccount, spec: ApplicationProfileSpec, now: number): ApplicationProfile {
    const arnMatch = COPY_ARN.exec(spec.copyFrom);
    if (arnMatch && arnMatch[1] !== spec.region) throw new Error(`copyFrom ${spec.copyFrom} is in ${arnMatch[1]}, not ${spec.region}`);
    const sourceId = arnMatch?.[2] ?? spec.copyFrom;
    const systemProfile = findInferenceProfile(sourceId);
    const model = findModel(systemProfile?.modelId ?? sourceId);
    if (!model) throw new Error(`copyFrom ${spec.copyFrom} is neither a model nor a system inference profile the simulator knows`);
    if (systemProfile && !systemProfile.destinationRegions.includes(spec.region)) throw new Error(`inference profile ${systemProfile.id} cannot be called from ${spec.region}`);
    if (!systemProfile && !model.onDemandRegions.includes(spec.region)) throw new Error(`${model.id} is not available on demand in ${spec.region}; copy an inference profile instead`);
    const id = spec.id ?? profileId(account.accountId, spec.region, spec.name);
    const arn = applicationProfileArn(spec.region, account.accountId, id);
    if (this.byArn.has(arn)) throw new Error(`application inference profile ${arn} already exists`);
    const profile: ApplicationProfile = {
      arn,
      id,
      name: spec.name,
      description: spec.description,
      accountId: account.accountId,
      profile: account.profile,
      region: spec.region,
      model,
      systemProfile,
      regions: systemProfile ? systemProfile.destinationRegions : [spec.region],
      createdAt: now,
    };
    this.byArn.set(arn, profile);
    return profile;
  }

  get(arn: string): ApplicationProfile | undefined {
    return this.byArn.get(arn);
  }

  /** An account's profiles in one Region, oldest first. */
  list(accountId: string, region: string): ApplicationProfile[] {
    return [...this.byArn.values()].filter((p) => p.accountId === accountId && p.region === region);
  }

  all(): ApplicationProfile[] {
    return [...this.byArn.values()];
  }
}
