import { BedrockRuntimeClient, type BedrockRuntimeClientConfig, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { type Clock } from '../../core/clock';
import { seededRandom } from '../../core/rng';
import { BedrockProvider } from '../../providers/bedrock/provider';
import { Router, RouterError, type SettingsInput, type StrategyName, resolveSettings } from '../../router';
import { type SizedRequest } from '../workload';
import { BENCH_MODEL, BENCH_TARGETS } from './world';

/** One request's result as the benchmark sees it. */
export interface Outcome {
  ok: boolean;
  /** Simulated ms from sending to the first token, retries and failovers included (successes only). */
  ttftMs?: number;
  /** Simulated ms from sending to the last token (successes only). */
  ttltMs?: number;
  /** Time to first token of the call that answered, alone. */
  callTtftMs?: number;
  targetId?: string;
}

export interface BenchClient {
  readonly name: string;
  send(tenant: string, request: SizedRequest): Promise<Outcome>;
  close(): void;
}

export interface ClientContext {
  endpoint: string;
  credentialsFile: string;
  configFile: string;
  clock: Clock;
}

export interface SdkTarget {
  id: string;
  profile: string;
  region: string;
}

/** The SDK's client for one target; `retry` picks its retry strategy (default: standard, 3 attempts, delays on the simulated clock). */
export function sdkClient(ctx: ClientContext, t: SdkTarget, retry?: Pick<BedrockRuntimeClientConfig, 'retryMode' | 'retryStrategy'>): BedrockRuntimeClient {
  const base = 100;
  return new BedrockRuntimeClient({
    region: t.region,
    endpoint: ctx.endpoint,
    credentials: fromIni({ profile: t.profile, filepath: ctx.credentialsFile, configFilepath: ctx.configFile }),
    ...(retry ?? { retryStrategy: new ConfiguredRetryStrategy(3, (attempt) => (Math.random() * Math.min(20_000, base * 2 ** attempt)) / ctx.clock.scale) }),
  });
}

/** Sends one request with ConverseStream and reads the stream to its end. */
export async function sdkSend(client: BedrockRuntimeClient, clock: Clock, model: string, r: SizedRequest): Promise<Outcome> {
  const started = clock.now();
  try {
    const out = await client.send(new ConverseStreamCommand({ modelId: model, messages: [{ role: 'user', content: [{ text: r.question }, ...(r.context ? [{ text: r.context }] : [])] }], inferenceConfig: { maxTokens: r.maxTokens } }));
    let ttftMs: number | undefined;
    for await (const e of out.stream ?? []) if (ttftMs === undefined && e.contentBlockDelta) ttftMs = clock.now() - started;
    return { ok: true, ttftMs, ttltMs: clock.now() - started };
  } catch {
    return { ok: false };
  }
}

/** A single target (the largest quota) with the SDK's retries. */
export function singleTargetClient(ctx: ClientContext): BenchClient {
  const t = [...BENCH_TARGETS].sort((a, b) => b.tpm - a.tpm)[0]!;
  const client = sdkClient(ctx, t);
  return { name: `single target (${t.id}), SDK retries`, send: async (_tenant, r) => ({ ...(await sdkSend(client, ctx.clock, BENCH_MODEL, r)), targetId: t.id }), close: () => client.destroy() };
}

/** Round-robin over `targets`, ignoring limits, each call through that target's SDK client. */
export function roundRobinOver(ctx: ClientContext, name: string, model: string, targets: readonly SdkTarget[], make: (t: SdkTarget) => BedrockRuntimeClient): BenchClient {
  const clients = targets.map((t) => ({ t, c: make(t) }));
  let next = 0;
  return {
    name,
    send: async (_tenant, r) => {
      const { t, c } = clients[next++ % clients.length]!;
      return { ...(await sdkSend(c, ctx.clock, model, r)), targetId: t.id };
    },
    close: () => clients.forEach((x) => x.c.destroy()),
  };
}

/** Round-robin over all four targets, ignoring limits, each call with the SDK's retries. */
export function roundRobinClient(ctx: ClientContext): BenchClient {
  return roundRobinOver(ctx, 'round-robin, ignores limits, SDK retries', BENCH_MODEL, BENCH_TARGETS, (t) => sdkClient(ctx, t));
}

/** Our router with `settings`, fed by the real SDK; `onStart` runs before the first request (Service Quotas discovery). */
export function routerOver(ctx: ClientContext, name: string, settings: SettingsInput, seed: number, extra?: { provider?: BedrockProvider; close?: () => void }): BenchClient & { router: Router } {
  const provider = extra?.provider ?? new BedrockProvider({ endpoint: ctx.endpoint, credentialsFile: ctx.credentialsFile, configFile: ctx.configFile });
  const router = new Router({ config: resolveSettings(settings), provider, clock: ctx.clock, random: seededRandom(seed) });
  return {
    name,
    router,
    async send(tenant, r) {
      try {
        const { record } = await router.send({ tenant, request: { messages: [{ role: 'user', content: [{ type: 'text', text: r.question }, ...(r.context ? [{ type: 'text' as const, text: r.context }] : [])] }], maxTokens: r.maxTokens } });
        return { ok: true, ttftMs: record.ttftMs, ttltMs: record.totalMs, callTtftMs: record.attempts.at(-1)?.ttftMs, targetId: record.servedBy?.targetId };
      } catch (err) {
        if (!RouterError.isInstance(err)) throw err;
        return { ok: false };
      }
    },
    close: () => {
      extra?.close?.();
      provider.dispose();
    },
  };
}

/** Our router, each pool's tokens per minute typed at its quota (as Bedrock counts them), fed by the real SDK. */
export function routerClient(ctx: ClientContext, strategy: StrategyName, seed: number): BenchClient & { router: Router } {
  return routerOver(
    ctx,
    `resilient-llm router, ${strategy}`,
    {
      targets: BENCH_TARGETS.map((t) => ({ id: t.id, model: BENCH_MODEL, profile: t.profile, region: t.region })),
      routes: [{ name: 'bench', targets: BENCH_TARGETS.map((t) => t.id), strategy }],
      pools: BENCH_TARGETS.map((t) => ({ profile: t.profile, region: t.region, model: BENCH_MODEL, tpm: t.tpm })),
      serviceQuotas: false,
      maxQueueWaitMs: 0,
    },
    seed,
  );
}
