/** The five clients of the real-world benchmark (issue 18), each built against one run's simulator. */
import { ClientPool } from '../../providers/bedrock/clientPool';
import { appliedBedrockQuotas } from '../../providers/bedrock/serviceQuotas';
import { PoolDiscovery } from '../../router';
import { type BenchClient, type ClientContext, roundRobinOver, routerOver, sdkClient, sdkSend } from '../quality/clients';
import { adaptiveRetryOn } from './adaptiveRetry';
import { RW_MODEL, RW_TARGETS } from './world';

export interface RwClient extends BenchClient {
  /** Runs before the first request (Service Quotas discovery). */
  start?(): Promise<void>;
}

export type RwClientMaker = (ctx: ClientContext, seed: number) => RwClient;

/** 1. One target (the largest quota) with the SDK's standard retries. */
export const singleTarget: RwClientMaker = (ctx) => {
  const t = [...RW_TARGETS].sort((a, b) => b.tpm - a.tpm)[0]!;
  const client = sdkClient(ctx, t);
  return { name: `1. one target (${t.id}), SDK standard retries`, send: async (_tenant, r) => ({ ...(await sdkSend(client, ctx.clock, RW_MODEL, r)), targetId: t.id }), close: () => client.destroy() };
};

/** 2. The SDK's adaptive retry mode, one client per target (each with its own rate limiter, as the SDK keeps one per client), round-robin. */
export const adaptiveRoundRobin: RwClientMaker = (ctx) => roundRobinOver(ctx, '2. SDK adaptive retries, round-robin', RW_MODEL, RW_TARGETS, (t) => sdkClient(ctx, t, { retryMode: 'adaptive', retryStrategy: adaptiveRetryOn(ctx.clock) }));

const targets = (extra: (t: (typeof RW_TARGETS)[number]) => Record<string, unknown>) => RW_TARGETS.map((t) => ({ id: t.id, model: RW_MODEL, profile: t.profile, region: t.region, ...extra(t) }));
const route = { name: 'main', targets: RW_TARGETS.map((t) => t.id) };

/** 3. The router with each target's `tpm` typed at its Bedrock quota, as users type it today (counted 1:1, no burndown, no pools). */
export const routerTyped: RwClientMaker = (ctx, seed) =>
  routerOver(ctx, '3. router, TPM typed at the quota', { mode: 'aws', targets: targets((t) => ({ tpm: t.tpm, learnLimits: false })), routes: [route], serviceQuotas: false }, seed);

/** The router on the pools' quotas from Service Quotas (the simulator's, through the unmodified client), read before the first request. */
function routerDiscovered(ctx: ClientContext, seed: number, name: string, learnLimits: boolean | undefined): RwClient {
  const quotaClients = new ClientPool({ quotasEndpoint: ctx.endpoint, credentialsFile: ctx.credentialsFile, configFile: ctx.configFile });
  const client = routerOver(ctx, name, { mode: 'aws', targets: targets(() => (learnLimits === undefined ? {} : { learnLimits })), routes: [route], serviceQuotas: true }, seed, { close: () => quotaClients.dispose() });
  const warnings: string[] = [];
  const discovery = new PoolDiscovery(client.router.pools, (a) => appliedBedrockQuotas(quotaClients, a), { info() {}, warn: (l) => warnings.push(l) });
  return {
    ...client,
    async start() {
      await discovery.refresh(client.router.configuration.settings);
      if (warnings.length > 0) throw new Error(`Service Quotas discovery failed in the benchmark: ${warnings.join('; ')}`);
      const pools = client.router.snapshot().pools;
      if (pools.length !== RW_TARGETS.length || pools.some((p) => p.limits.tpmSource !== 'discovered')) throw new Error(`the benchmark's pools were not all discovered: ${JSON.stringify(pools.map((p) => p.limits))}`);
    },
  };
}

/** 4. The router with discovered quotas only (learning off). */
export const routerDiscoveredOnly: RwClientMaker = (ctx, seed) => routerDiscovered(ctx, seed, '4. router, discovered quotas', false);

/** 5. The router with discovered quotas plus learning (the default). */
export const routerLearning: RwClientMaker = (ctx, seed) => routerDiscovered(ctx, seed, '5. router, discovered quotas + learning', undefined);

export const RW_CLIENTS: RwClientMaker[] = [singleTarget, adaptiveRoundRobin, routerTyped, routerDiscoveredOnly, routerLearning];
