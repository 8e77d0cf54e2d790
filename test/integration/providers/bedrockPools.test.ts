/**
 * Bedrock's quota pools in the router, through the real AWS SDK against the simulator:
 * the router counts a pool as Bedrock does (input + maxTokens reserved, output x 5 for
 * Claude 4-class models), two targets on one pool share it, the per-day cap throttles
 * with Bedrock's message, a background caller in the account takes its share, and a pool
 * with no typed limit runs at the quota Service Quotas lists, with no throttles.
 */
import assert from 'node:assert/strict';
import { ClientPool } from '../../../src/providers/bedrock/clientPool';
import { appliedBedrockQuotas } from '../../../src/providers/bedrock/serviceQuotas';
import { PoolDiscovery, type RequestRecord, Router, RouterError, type SettingsInput, resolveSettings } from '../../../src/router';
import { type SimEnv, startSimEnv } from '../../support/simEnv';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const GLOBAL_SONNET = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const FAST = { ttftMs: 5, tokensPerSecond: 5_000, jitter: 0 };
const REGIONS = { 'us-east-1': FAST, 'us-east-2': FAST, 'us-west-2': FAST };
const POOL = { profile: 'shard-a', region: 'us-east-1', model: SONNET };
const PROMPT = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Describe a lighthouse at dusk in a few sentences.' }] }], maxTokens: 300 };

interface Run {
  served: RequestRecord[];
  refused: RouterError[];
}

/** Sends `n` requests, `concurrency` at a time; collects what was served and what the router refused. */
async function send(router: Router, n: number, concurrency = 1): Promise<Run> {
  const run: Run = { served: [], refused: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        try {
          run.served.push((await router.send({ tenant: 'ws', request: PROMPT })).record);
        } catch (err) {
          assert.ok(RouterError.isInstance(err), String(err));
          run.refused.push(err);
        }
      }
    }),
  );
  return run;
}

const throttles = (records: readonly RequestRecord[]) => records.flatMap((r) => r.attempts).filter((a) => a.outcome === 'throttled').length;
const quotaTokens = (r: RequestRecord) => r.usage!.inputTokens + 5 * r.usage!.outputTokens;

function settings(over: Partial<SettingsInput>): ReturnType<typeof resolveSettings> {
  return resolveSettings({ mode: 'aws', targets: [{ id: 'a', model: SONNET, profile: 'shard-a', region: 'us-east-1' }], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 0, ...over });
}

describe('router: Bedrock quota pools through the real SDK against the simulator', function () {
  this.timeout(60_000);
  let env: SimEnv;
  let quotaClients: ClientPool;

  async function start(quotas: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<void> {
    env = await startSimEnv({ seed: 5, profiles: ['shard-a', 'shard-b'], scenario: { regions: REGIONS, quotas, ...extra } as never });
    quotaClients = new ClientPool({ quotasEndpoint: env.sim.endpoint, credentialsFile: env.credentialsFile, configFile: env.configFile });
  }
  afterEach(async () => {
    quotaClients?.dispose();
    await env?.close();
  });

  it('a Claude 4-class pool of 3,000 TPM: the router admits what Bedrock would, counting output 5x, and Bedrock throttles just beyond', async () => {
    await start({ rules: [{ ...POOL, tpm: 3_000 }] });
    const router = new Router({ config: settings({ pools: [{ ...POOL, tpm: 3_000 }] }), provider: env.provider });
    const run = await send(router, 30);
    assert.ok(run.served.length > 0 && run.refused.length > 0, `served ${run.served.length}, refused ${run.refused.length}`);
    assert.equal(throttles(run.served), 0, 'Bedrock never had to throttle the router');
    const counted = run.served.reduce((n, r) => n + quotaTokens(r), 0);
    assert.equal(router.snapshot().pools[0]!.usage.tpm, counted, 'the router counts input + 5 x output');
    assert.equal(env.sim.quotaUsage(POOL).tokensLastMinute, counted, 'as Bedrock counts it');
    const oneToOne = run.served.reduce((n, r) => n + r.usage!.inputTokens + r.usage!.outputTokens, 0);
    assert.ok(oneToOne + 300 < 3_000, 'counted 1:1 the router would have admitted more');
    assert.match(run.refused[0]!.message, /Bedrock quota pool is at its limit of 3000 tokens per minute/);
    // Bedrock agrees: the same request sent straight to it now is throttled.
    const direct = new Router({ config: settings({}), provider: env.provider });
    const err = await direct.send({ tenant: 'ws', request: PROMPT }).then(() => undefined, (e: unknown) => e);
    assert.ok(RouterError.isInstance(err));
    assert.equal(err.record?.attempts[0]?.outcome, 'throttled');
    assert.match(err.record!.attempts[0]!.message!, /Too many tokens, please wait before trying again/);
  });

  it('two targets on one pool (us. and global. profiles) cannot together exceed it, even sending at once', async () => {
    await start({ rules: [{ ...POOL, tpm: 4_000 }] });
    const router = new Router({
      config: settings({
        targets: [
          { id: 'us', model: SONNET, profile: 'shard-a', region: 'us-east-1' },
          { id: 'global', model: GLOBAL_SONNET, profile: 'shard-a', region: 'us-east-1' },
        ],
        routes: [{ name: 'main', targets: ['us', 'global'], strategy: 'round-robin' }],
        pools: [{ ...POOL, tpm: 4_000 }],
      }),
      provider: env.provider,
    });
    const run = await send(router, 40, 4);
    assert.equal(throttles(run.served), 0);
    assert.ok(run.refused.length > 0);
    const by = new Set(run.served.map((r) => r.servedBy!.targetId));
    assert.deepEqual([...by].sort(), ['global', 'us'], 'both targets served');
    const used = env.sim.quotaUsage(POOL).tokensLastMinute;
    assert.ok(used <= 4_000, `the pool used ${used} of 4000`);
    assert.equal(router.snapshot().pools.length, 1);
    assert.equal(router.snapshot().pools[0]!.usage.tpm, used);
  });

  it('the per-day cap throttles with Bedrock\'s message; discovered, the router stops before it', async () => {
    await start({ rules: [{ ...POOL, tokensPerDay: 1_500 }] });
    const blind = new Router({ config: settings({ serviceQuotas: false }), provider: env.provider });
    const run = await send(blind, 10);
    assert.ok(run.refused.length > 0);
    const last = run.refused[0]!.record!.attempts.at(-1)!;
    assert.equal(last.outcome, 'throttled');
    assert.match(last.message!, /Too many tokens per day, please wait before trying again/);
    env.sim.reset();
    const router = new Router({ config: settings({}), provider: env.provider });
    const discovery = new PoolDiscovery(router.pools, (a) => appliedBedrockQuotas(quotaClients, a), { info() {}, warn: (l) => assert.fail(l) });
    await discovery.refresh(router.configuration.settings);
    assert.equal(router.snapshot().pools[0]!.limits.tokensPerDay, 1_500);
    assert.equal(router.snapshot().pools[0]!.limits.tokensPerDaySource, 'discovered');
    const guarded = await send(router, 10);
    assert.equal(throttles(guarded.served) + throttles(guarded.refused.map((e) => e.record!)), 0);
    assert.match(guarded.refused[0]!.message, /Bedrock quota pool is at its limit of 1500 tokens per day/);
  });

  it('a background caller in the account reduces what the router gets from the pool', async () => {
    const quotas = { rules: [{ ...POOL, tpm: 20_000 }] };
    await start(quotas);
    const alone = await send(new Router({ config: settings({ serviceQuotas: false }), provider: env.provider }), 40);
    await env.close();
    await start(quotas, { backgroundCallers: [{ name: 'nightly-batch', profile: 'shard-a', region: 'us-east-1', model: SONNET, tokensPerMinute: 12_000, tokensPerRequest: 2_000, pattern: 'bursty', burstEveryMs: 60_000 }] });
    const shared = await send(new Router({ config: settings({ serviceQuotas: false }), provider: env.provider }), 40);
    assert.ok(shared.served.length < alone.served.length, `alone ${alone.served.length}, with the batch job ${shared.served.length}`);
    const background = env.sim.backgroundCallers().find((c) => c.name === 'nightly-batch');
    assert.ok(background && background.sent > 0);
    assert.ok(shared.refused.some((e) => /Too many tokens, please wait/.test(e.record!.attempts.at(-1)?.message ?? '')), 'Bedrock throttled the router');
  });

  it('a target with no typed limit runs at its discovered quota with 0 throttles for its own traffic', async () => {
    await start({ baseline: 'aws-default', rules: [{ ...POOL, tpm: 2_500 }] });
    const listed = await appliedBedrockQuotas(quotaClients, { profile: 'shard-a', region: 'us-east-1' });
    assert.equal(listed.get('Cross-Region InvokeModel tokens per minute for Anthropic Claude Sonnet 4.5'), 2_500);
    const router = new Router({ config: settings({}), provider: env.provider });
    const lines: string[] = [];
    const discovery = new PoolDiscovery(router.pools, (a) => appliedBedrockQuotas(quotaClients, a), { info: (l) => lines.push(l), warn: (l) => lines.push(l) }, { models: () => router.models });
    await discovery.refresh(router.configuration.settings);
    assert.match(lines[0]!, /Service Quotas for account "shard-a" in us-east-1: Claude Sonnet 4\.5 \(cross-Region\): 2500 tokens per minute \(Service Quotas\), 3600000 tokens per day \(Service Quotas\)/);
    const run = await send(router, 40, 3);
    assert.ok(run.served.length > 0 && run.refused.length > 0);
    assert.equal(throttles(run.served) + throttles(run.refused.map((e) => e.record!)), 0, 'no throttle from Bedrock');
    // Settlement can pass the quota (output x 5 may exceed the maxTokens reserved), as on Bedrock;
    // what matters is that the router counts the pool exactly as the simulator does.
    assert.equal(router.snapshot().pools[0]!.usage.tpm, env.sim.quotaUsage(POOL).tokensLastMinute, 'the router counts the pool as Bedrock does');
  });

  it('Service Quotas denied or unreachable: said once, and the pools run on typed limits alone', async () => {
    await start({});
    const router = new Router({ config: settings({ pools: [{ ...POOL, tpm: 50_000 }] }), provider: env.provider });
    const warnings: string[] = [];
    const dead = new ClientPool({ quotasEndpoint: 'http://127.0.0.1:1', credentialsFile: env.credentialsFile, configFile: env.configFile });
    const discovery = new PoolDiscovery(router.pools, (a) => appliedBedrockQuotas(dead, a), { info() {}, warn: (l) => warnings.push(l) });
    await discovery.refresh(router.configuration.settings);
    await discovery.refresh(router.configuration.settings);
    dead.dispose();
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /^Could not read Service Quotas for account "shard-a" in us-east-1 \(.+\); its Bedrock pools run on the limits typed in resilientLlm\.pools alone/);
    assert.deepEqual(router.snapshot().pools[0]!.limits, { tpm: 50_000, tpmSource: 'typed' });
  });
});
