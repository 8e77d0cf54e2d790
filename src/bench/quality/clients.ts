import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { type Clock } from '../../core/clock';
import { seededRandom } from '../../core/rng';
import { BedrockProvider } from '../../providers/bedrock/provider';
import { Router, RouterError, type StrategyName, resolveSettings } from '../../router';
import { BENCH_MODEL, BENCH_TARGETS } from './world';

/** One request's result as the benchmark sees it. */
export interface Outcome {
  ok: boolean;
  /** Simulated ms from sending to the first token, retries and failovers included (successes only). */
  ttftMs?: number;
  /** Time to first token of the call that answered, alone. */
  callTtftMs?: number;
  targetId?: string;
}

export interface BenchClient {
  readonly name: string;
  send(tenant: string, n: number): Promise<Outcome>;
  close(): void;
}

export interface ClientContext {
  endpoint: string;
  credentialsFile: string;
  configFile: string;
  clock: Clock;
}

const PROMPT = (n: number) => `Benchmark request ${n}: one sentence on backpressure.`;

/** What most users do today: the SDK with its default 3 attempts (standard retries, delays on the simulated clock). */
function sdkClient(ctx: ClientContext, profile: string, region: string): BedrockRuntimeClient {
  const base = 100;
  return new BedrockRuntimeClient({
    region,
    endpoint: ctx.endpoint,
    credentials: fromIni({ profile, filepath: ctx.credentialsFile, configFilepath: ctx.configFile }),
    retryStrategy: new ConfiguredRetryStrategy(3, (attempt) => (Math.random() * Math.min(20_000, base * 2 ** attempt)) / ctx.clock.scale),
  });
}

async function sdkSend(client: BedrockRuntimeClient, clock: Clock, n: number): Promise<Outcome> {
  const started = clock.now();
  try {
    const r = await client.send(new ConverseStreamCommand({ modelId: BENCH_MODEL, messages: [{ role: 'user', content: [{ text: PROMPT(n) }] }], inferenceConfig: { maxTokens: 120 } }));
    let ttftMs: number | undefined;
    for await (const e of r.stream ?? []) if (ttftMs === undefined && e.contentBlockDelta) ttftMs = clock.now() - started;
    return { ok: true, ttftMs };
  } catch {
    return { ok: false };
  }
}

/** A single target (the largest quota) with the SDK's retries. */
export function singleTargetClient(ctx: ClientContext): BenchClient {
  const t = [...BENCH_TARGETS].sort((a, b) => b.rpm - a.rpm)[0]!;
  const client = sdkClient(ctx, t.profile, t.region);
  return { name: `single target (${t.id}), SDK retries`, send: async (_tenant, n) => ({ ...(await sdkSend(client, ctx.clock, n)), targetId: t.id }), close: () => client.destroy() };
}

/** Round-robin over all four targets, ignoring limits, each call with the SDK's retries. */
export function roundRobinClient(ctx: ClientContext): BenchClient {
  const clients = BENCH_TARGETS.map((t) => ({ t, c: sdkClient(ctx, t.profile, t.region) }));
  let next = 0;
  return {
    name: 'round-robin, ignores limits, SDK retries',
    send: async (_tenant, n) => {
      const { t, c } = clients[next++ % clients.length]!;
      return { ...(await sdkSend(c, ctx.clock, n)), targetId: t.id };
    },
    close: () => clients.forEach((x) => x.c.destroy()),
  };
}

/** Our router, each target's RPM set to its quota, fed by the real SDK. */
export function routerClient(ctx: ClientContext, strategy: StrategyName, seed: number): BenchClient & { router: Router } {
  const provider = new BedrockProvider({ endpoint: ctx.endpoint, credentialsFile: ctx.credentialsFile, configFile: ctx.configFile });
  const router = new Router({
    config: resolveSettings({
      targets: BENCH_TARGETS.map((t) => ({ id: t.id, model: BENCH_MODEL, profile: t.profile, region: t.region, rpm: t.rpm })),
      routes: [{ name: 'bench', targets: BENCH_TARGETS.map((t) => t.id), strategy }],
      maxQueueWaitMs: 0,
    }),
    provider,
    clock: ctx.clock,
    random: seededRandom(seed),
  });
  return {
    name: `resilient-llm router, ${strategy}`,
    router,
    async send(tenant, n) {
      try {
        const { record } = await router.send({ tenant, request: { messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT(n) }] }], maxTokens: 120 } });
        return { ok: true, ttftMs: record.ttftMs, callTtftMs: record.attempts.at(-1)?.ttftMs, targetId: record.servedBy?.targetId };
      } catch (err) {
        if (!RouterError.isInstance(err)) throw err;
        return { ok: false };
      }
    },
    close: () => provider.dispose(),
  };
}
