/** Everything a running simulator knows, built from a scenario. */
import type { Clock } from '../core/clock';
import { AccountRegistry } from './accounts';
import { ApplicationProfileBook } from './appProfiles';
import { CredentialBook } from './credentials';
import { CrisRouter } from './cris';
import { DISCOVERY_OPERATIONS, type DiscoveryOperation, DiscoveryPolicy } from './discoveryPolicy';
import { FaultBook } from './faults';
import { DEFAULT_LOG_CAPACITY, InvocationLog } from './invocationLog';
import { PromptCache } from './promptCache';
import { BackgroundCallers } from './background';
import { QuotaBook } from './quotas';
import { RandomStreams } from './random';
import { RegionTable } from './regions';
import { type Scenario, ScenarioError } from './scenario';
import type { FaultSpec } from './types';

export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
export const DEFAULT_LOG_GROUP = '/aws/bedrock/modelinvocations';

export interface SimState {
  readonly clock: Clock;
  readonly random: RandomStreams;
  readonly accounts: AccountRegistry;
  /** API keys and temporary credentials issued to the accounts. */
  readonly credentials: CredentialBook;
  readonly applicationProfiles: ApplicationProfileBook;
  readonly discovery: DiscoveryPolicy;
  readonly promptCache: PromptCache;
  readonly regions: RegionTable;
  readonly cris: CrisRouter;
  readonly quotas: QuotaBook;
  /** Other applications drawing on the accounts' quota pools. */
  readonly background: BackgroundCallers;
  readonly faults: FaultBook;
  readonly log: InvocationLog;
  /** The scenario's maxTokens for requests that set none; absent: each model's own default. */
  readonly defaultMaxTokens?: number;
  /** The scenario's answer lengths in output tokens; absent: the short answer (about 30-60 words). */
  readonly answerTokens?: { min: number; max: number };
  readonly maxBodyBytes: number;
  readonly logGroupName: string;
  readonly seed: () => number;
  /** Model invocations being processed right now. */
  inFlight: number;
  /** Back to the scenario's configuration: windows, faults, Region health, account expiry, discovery denials, CRIS streams, the prompt cache and the log. */
  reset(seed?: number): void;
}

export function createState(scenario: Scenario, clock: Clock, seed: number): SimState {
  const random = new RandomStreams(seed);
  const accounts = new AccountRegistry(scenario.accounts ?? []);
  const configuredExpiry = new Map((scenario.accounts ?? []).map((a) => [a.profile, a.expired ?? false]));
  const credentials = new CredentialBook(accounts);
  for (const a of scenario.accounts ?? []) for (const key of a.apiKeys ?? []) credentials.addApiKey(a.profile, key);
  const denied = new Map<string, readonly DiscoveryOperation[]>();
  for (const a of scenario.accounts ?? []) {
    if (a.denyDiscovery === true) denied.set(a.profile, DISCOVERY_OPERATIONS);
    else if (Array.isArray(a.denyDiscovery)) denied.set(a.profile, a.denyDiscovery);
  }
  const discovery = new DiscoveryPolicy(denied);
  const applicationProfiles = new ApplicationProfileBook();
  (scenario.applicationInferenceProfiles ?? []).forEach((spec, i) => {
    const account = accounts.byProfileName(spec.profile);
    if (!account) throw new ScenarioError(`applicationInferenceProfiles[${i}].profile: no account "${spec.profile}" in the scenario`);
    try {
      applicationProfiles.add(account, spec, clock.now());
    } catch (err) {
      throw new ScenarioError(`applicationInferenceProfiles[${i}]: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const promptCache = new PromptCache(() => clock.now());
  const regions = new RegionTable(scenario.regions ?? {});
  const quotas = new QuotaBook(clock, scenario.quotas?.default ?? {}, scenario.quotas?.rules ?? [], scenario.quotas?.baseline ?? 'raised');
  const faults = new FaultBook(random, (scenario.faults ?? []) as FaultSpec[], scenario.modelsNotReady ?? []);
  const log = new InvocationLog(scenario.invocationLog?.capacity ?? DEFAULT_LOG_CAPACITY);
  const background = new BackgroundCallers({ clock, quotas, accounts, log });
  const startBackground = () =>
    (scenario.backgroundCallers ?? []).forEach((spec, i) => {
      try {
        background.add(spec);
      } catch (err) {
        throw new ScenarioError(`backgroundCallers[${i}]: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  startBackground();
  return {
    clock,
    random,
    accounts,
    credentials,
    applicationProfiles,
    discovery,
    promptCache,
    regions,
    cris: new CrisRouter(random, regions),
    quotas,
    background,
    faults,
    log,
    defaultMaxTokens: scenario.defaultMaxTokens,
    ...(scenario.answerTokens ? { answerTokens: scenario.answerTokens } : {}),
    maxBodyBytes: scenario.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logGroupName: scenario.invocationLog?.logGroupName ?? DEFAULT_LOG_GROUP,
    seed: () => random.currentSeed,
    inFlight: 0,
    reset(newSeed) {
      random.clear(newSeed);
      background.stopAll();
      quotas.reset();
      faults.reset();
      regions.reset();
      accounts.resetExpiry(configuredExpiry);
      discovery.reset();
      promptCache.clear();
      log.clear();
      startBackground();
    },
  };
}
