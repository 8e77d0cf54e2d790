/** Starts a simulator: state from a scenario, a loopback transport, and the `Simulator` handle. */
import { ScaledClock, SystemClock } from '../core/clock';
import { writeAwsFiles } from './accounts';
import type { QuotaKeySpec, SimApplicationProfile, Simulator, SimulatorOptions } from './api';
import type { ApplicationProfile } from './appProfiles';
import { findInferenceProfile, findModel } from './catalog';
import { createDispatcher } from './dispatch';
import { createFaultControls } from './faultControls';
import { normalizeQuotaRule } from './quotas';
import { DEFAULT_SCENARIO } from './scenario';
import { createState } from './state';
import { listen, type Transport } from './transport';

export const LOOPBACK_HOST = '127.0.0.1';

function describeProfile(p: ApplicationProfile): SimApplicationProfile {
  return { arn: p.arn, id: p.id, name: p.name, profile: p.profile, accountId: p.accountId, region: p.region, modelId: p.model.id, ...(p.systemProfile ? { copies: p.systemProfile.id } : {}), regions: [...p.regions] };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (options.host !== undefined && options.host !== LOOPBACK_HOST) {
    throw new Error(`the simulator listens on ${LOOPBACK_HOST} only (asked for ${options.host})`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port ${port}`);
  const scenario = { ...options.scenario, accounts: options.scenario?.accounts ?? DEFAULT_SCENARIO.accounts };
  const timeScale = options.timeScale ?? scenario.timeScale ?? 1;
  const clock = options.clock ?? (timeScale === 1 ? new SystemClock() : new ScaledClock(timeScale));
  const state = createState(scenario, clock, options.seed ?? scenario.seed ?? 1);
  const faults = createFaultControls(state.faults, state.regions, state.accounts);
  let closed: Promise<void> | undefined;
  const quotaKey = (key: QuotaKeySpec) => {
    const rule = normalizeQuotaRule({ model: key.model, pool: key.pool });
    const account = state.accounts.byProfileName(key.profile);
    const pool = rule.pool ?? (findModel(key.model)?.onDemandRegions.length ? 'on-demand' : 'cross-region');
    return { profile: key.profile, accountId: account?.accountId ?? '', sourceRegion: key.region, modelId: rule.model ?? key.model, pool };
  };

  const simulator: Simulator = {
    get endpoint() {
      return `http://${LOOPBACK_HOST}:${simulator.port}`;
    },
    get port() {
      return transport.port;
    },
    get endpointTemplate() {
      return `${simulator.endpoint}/region/{region}`;
    },
    clock,
    get seed() {
      return state.seed();
    },
    accounts: () => state.accounts.list(),
    ensureAccount: (profile, init) => state.accounts.ensure(profile, init),
    writeAwsFiles: (dir) => writeAwsFiles(dir, state.accounts.list()),
    issueApiKey: (profile) => state.credentials.issueApiKey(profile),
    revokeApiKey: (key) => state.credentials.revokeApiKey(key),
    issueSessionCredentials: (profile) => state.credentials.issueSessionCredentials(profile),
    denyDiscovery(profile, opts = {}) {
      if (!state.accounts.byProfileName(profile)) throw new Error(`no simulated account for profile "${profile}"`);
      state.discovery.set(profile, opts.deny ?? true, opts.operations);
    },
    createApplicationInferenceProfile(spec) {
      const account = state.accounts.byProfileName(spec.profile);
      if (!account) throw new Error(`no simulated account for profile "${spec.profile}"`);
      return describeProfile(state.applicationProfiles.add(account, spec, clock.now()));
    },
    applicationInferenceProfiles: () => state.applicationProfiles.all().map(describeProfile),
    faults,
    setQuota: (rule) => state.quotas.setQuota(rule),
    quotaFor: (key) => state.quotas.limits(quotaKey(key)),
    quotaUsage: (key) => state.quotas.usageOf(quotaKey(key)),
    quotaPools: () => ({ rules: state.quotas.listRules(), pools: state.quotas.usage() }),
    addBackgroundCaller: (spec) => state.background.add(spec),
    removeBackgroundCaller: (name) => state.background.remove(name),
    backgroundCallers: () => state.background.list(),
    regions: () => state.regions.snapshot(),
    crisWeights(profileId) {
      const profile = findInferenceProfile(profileId);
      if (!profile) throw new Error(`unknown inference profile ${profileId}`);
      return state.cris.weights(profile);
    },
    activeRequests: () => state.inFlight,
    invocationLog: () => state.log.records(),
    reset: (opts = {}) => state.reset(opts.seed),
    close() {
      state.background.stopAll();
      closed ??= transport.close();
      return closed;
    },
  };
  const transport: Transport = await listen(port, createDispatcher(state, simulator), options.onError ?? (() => undefined));
  return simulator;
}
