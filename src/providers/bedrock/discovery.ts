import { type BedrockClient, type InferenceProfileSummary, ListFoundationModelsCommand, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { type ModelDirectory } from '../../core/modelDirectory';
import { type ProviderError } from '../errors';
import { type EndpointAuth } from '../types';
import { classifyError } from './classify';
import { type ClientPool } from './clientPool';
import { type DiscoveredModel, type DiscoveredProfile, catalogModels, catalogProfiles, fromModelSummary, fromProfileSummaries } from './discoveryLists';

export type { DiscoveredModel, DiscoveredProfile } from './discoveryLists';

/** Which account and Region to ask: a target's `profile`, `region` and `auth`. */
export interface DiscoveryTarget {
  profile: string;
  region: string;
  auth?: EndpointAuth;
}

export type ListSource = 'account' | 'catalog';

export interface DiscoveryResult {
  profile: string;
  region: string;
  /** Foundation models callable from the Region. */
  models: DiscoveredModel[];
  /** System-defined and application inference profiles callable from the Region. */
  inferenceProfiles: DiscoveredProfile[];
  /** Where each list came from: the account, or the built-in catalog when the account could not be asked. */
  sources: { models: ListSource; inferenceProfiles: ListSource };
  /** True when any list is the built-in catalog's. */
  fallback: boolean;
  /** Why (set when `fallback`): which call failed, how, and that the list is the built-in one. For people. */
  message?: string;
  /** `denied`: the account refused the call (AccessDeniedException, e.g. an SCP); `credentials`: no usable credentials; `unavailable`: any other failure. */
  reason?: 'denied' | 'credentials' | 'unavailable';
  /** The error behind a credentials or unavailable fallback (its message says what to do). */
  error?: ProviderError;
  /** When the account was asked (ms since the epoch). */
  fetchedAt: number;
}

export interface DiscoveryOptions {
  /** How long a result is reused (default 10 minutes). Failures other than a denial are not cached. */
  ttlMs?: number;
  now?: () => number;
  /** Page size for ListInferenceProfiles (default: the service's). */
  pageSize?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

const OPERATION_TEXT = { models: 'ListFoundationModels', inferenceProfiles: 'ListInferenceProfiles' } as const;

/**
 * Model discovery: ListFoundationModels and ListInferenceProfiles through
 * `@aws-sdk/client-bedrock`, cached per account (profile and auth) and Region. When the
 * account denies them (common under SCPs) or cannot be asked, the built-in catalog stands
 * in, and the result says so (`fallback`, `message`).
 */
export class ModelDiscovery {
  private readonly cache = new Map<string, DiscoveryResult>();
  private readonly pending = new Map<string, Promise<DiscoveryResult>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly pool: ClientPool,
    private readonly options: DiscoveryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private static key(t: DiscoveryTarget): string {
    return `${t.auth?.type ?? 'profile'}\u0000${t.profile}\u0000${t.region}`;
  }

  /** The account's models and inference profiles in a Region (cached; `refresh` asks again). Rejects only when `signal` aborts. */
  discover(target: DiscoveryTarget, options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<DiscoveryResult> {
    const key = ModelDiscovery.key(target);
    const hit = this.cache.get(key);
    if (hit && !options.refresh && this.now() - hit.fetchedAt < this.ttlMs) return Promise.resolve(hit);
    let run = this.pending.get(key);
    if (!run) {
      run = this.fetch(target, options.signal).finally(() => this.pending.delete(key));
      this.pending.set(key, run);
    }
    return run;
  }

  /** Drops cached results: one account (all Regions, or one), or everything. */
  forget(profile?: string, region?: string): void {
    for (const key of [...this.cache.keys()]) {
      const [, p, r] = key.split('\u0000');
      if ((profile === undefined || p === profile) && (region === undefined || r === region)) this.cache.delete(key);
    }
  }

  private async fetch(target: DiscoveryTarget, signal: AbortSignal | undefined): Promise<DiscoveryResult> {
    const client = this.pool.controlPlane(target.profile, target.region, target.auth);
    const fetchedAt = this.now();
    const [models, profiles] = await Promise.all([this.attempt(target, signal, () => listModels(client, signal)), this.attempt(target, signal, () => listProfiles(client, target.region, signal, this.options.pageSize))]);
    const result: DiscoveryResult = {
      profile: target.profile,
      region: target.region,
      models: models.ok ? models.value : catalogModels(target.region),
      inferenceProfiles: profiles.ok ? profiles.value : catalogProfiles(target.region),
      sources: { models: models.ok ? 'account' : 'catalog', inferenceProfiles: profiles.ok ? 'account' : 'catalog' },
      fallback: !models.ok || !profiles.ok,
      fetchedAt,
    };
    const failures = (['models', 'inferenceProfiles'] as const).flatMap((list) => {
      const o = list === 'models' ? models : profiles;
      return o.ok ? [] : [{ list, error: o.error }];
    });
    if (failures.length > 0) {
      const denied = failures.every((f) => f.error.kind === 'access-denied');
      const error = failures.find((f) => f.error.kind !== 'access-denied')?.error;
      result.reason = denied ? 'denied' : error?.kind === 'credentials' ? 'credentials' : 'unavailable';
      if (error) result.error = error;
      result.message = fallbackMessage(target, failures, result);
    }
    // A denial is the account's policy and stays; any other failure may pass, so it is asked again next time.
    if (!result.fallback || result.reason === 'denied') this.cache.set(ModelDiscovery.key(target), result);
    return result;
  }

  private async attempt<T>(target: DiscoveryTarget, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      const error = classifyError(err, { model: 'bedrock control plane', profile: target.profile, region: target.region, auth: target.auth }, signal);
      if (error.kind === 'cancelled') throw error;
      return { ok: false, error };
    }
  }
}

async function listModels(client: BedrockClient, signal: AbortSignal | undefined): Promise<DiscoveredModel[]> {
  const out = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'TEXT' }), { abortSignal: signal });
  return (out.modelSummaries ?? []).map(fromModelSummary);
}

async function listProfiles(client: BedrockClient, region: string, signal: AbortSignal | undefined, pageSize: number | undefined): Promise<DiscoveredProfile[]> {
  const summaries: InferenceProfileSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListInferenceProfilesCommand({ maxResults: pageSize, nextToken }), { abortSignal: signal });
    summaries.push(...(page.inferenceProfileSummaries ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return fromProfileSummaries(summaries, region);
}

function fallbackMessage(target: DiscoveryTarget, failures: Array<{ list: 'models' | 'inferenceProfiles'; error: ProviderError }>, result: DiscoveryResult): string {
  const what = failures.map((f) => `${OPERATION_TEXT[f.list]} (${f.error.kind === 'access-denied' ? `denied: ${f.error.message}` : f.error.message})`).join('; ');
  const lists = failures.map((f) => (f.list === 'models' ? 'models' : 'inference profiles')).join(' and ');
  const tail = result.reason === 'denied' ? ' Your account denies model discovery, perhaps by a service control policy;' : '';
  return `Could not list the models of account "${target.profile}" in ${target.region}: ${what}.${tail} showing the built-in list of ${lists} instead, which may include some this account cannot use and lacks its application inference profiles.`;
}

/** Teaches a `ModelDirectory` what discovery found: application inference profiles (what each copies, where it runs) and models the catalog lacks. */
export function learnFromDiscovery(directory: ModelDirectory, result: DiscoveryResult): void {
  for (const p of result.inferenceProfiles) {
    const source = p.copies ?? p.modelId;
    if (p.type === 'APPLICATION' && p.arn && source) directory.addApplicationProfile(p.arn, { source, regions: p.regions });
  }
  if (result.sources.models === 'account') for (const m of result.models) directory.addModel(m.id, { images: m.images });
}
