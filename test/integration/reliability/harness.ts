/**
 * Shared setup for the reliability suite: a simulator on a scaled clock (restartable on
 * the same port), AWS files in a temp dir (with a wrong secret or a session token when a
 * case needs one), routers with the real SDK behind them, and the checks every case
 * ends with: one outcome per request, nothing counted twice, nothing left reserved,
 * no unhandled promise rejection.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScaledClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent } from '../../../src/providers/types';
import { MemoryLimitStore, type RequestRecord, type ResolvedConfig, Router, RouterError, type SettingsInput, type StrategyName, resolveSettings } from '../../../src/router';
import { type Scenario, type SimAccount, type Simulator, startSimulator } from '../../../src/simulator';

export const SONNET = 'us.anthropic.claude-sonnet-4-6';
export const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
export const STRATEGY_NAMES: readonly StrategyName[] = ['shuffle', 'round-robin', 'least-busy', 'latency'];

/** Real ms for `simMs` of simulated time. */
export const realMs = (world: World, simMs: number) => simMs / world.clock.scale;

export const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits, in bounded real time, until `condition` holds. */
export async function waitUntil(condition: () => boolean, what: string, realTimeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + realTimeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleepReal(5);
  }
}

export interface AwsFiles {
  credentialsFile: string;
  configFile: string;
}

/** A simulator on a scaled clock that survives being killed and restarted on the same port. */
export interface World {
  sim: Simulator;
  readonly clock: ScaledClock;
  readonly dir: string;
  /** Unexpected internal errors the simulator reported (it keeps serving after them); none expected. */
  readonly internalErrors: unknown[];
  /** The simulator's accounts (the keys the AWS files hold). */
  account(profile: string): SimAccount;
  /**
   * Writes credentials and config files into a fresh sub-directory. `secret` replaces a
   * profile's secret key (a SigV4 rejection); `sessionToken` adds a token to a profile.
   */
  writeFiles(options?: { wrongSecret?: Record<string, string>; sessionToken?: Record<string, string> }): Promise<AwsFiles>;
  /** Kills the simulator: every session and socket closes, the port stops listening. */
  kill(): Promise<void>;
  /** Starts a new simulator on the same port, with the same clock, seed, scenario and accounts. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(options: { timeScale: number; seed?: number; scenario?: Scenario; profiles?: string[] }): Promise<World> {
  const clock = new ScaledClock(options.timeScale);
  const seed = options.seed ?? 11;
  const internalErrors: unknown[] = [];
  const start = async (port?: number) => {
    const sim = await startSimulator({ port, clock, seed, scenario: options.scenario, onError: (err) => internalErrors.push(err) });
    for (const p of options.profiles ?? []) sim.ensureAccount(p);
    return sim;
  };
  let sim = await start();
  const port = sim.port;
  const dir = await mkdtemp(join(tmpdir(), 'rllm-reliability-'));
  let n = 0;
  let alive = true;
  const world: World = {
    get sim() {
      return sim;
    },
    set sim(s: Simulator) {
      sim = s;
    },
    clock,
    dir,
    internalErrors,
    account(profile) {
      const a = sim.accounts().find((x) => x.profile === profile);
      assert.ok(a, `no simulated account ${profile}`);
      return a;
    },
    async writeFiles(o = {}) {
      const sub = join(dir, `files-${++n}`);
      const files = await sim.writeAwsFiles(sub);
      let text = await readFile(files.credentialsFile, 'utf8');
      for (const [profile, secret] of Object.entries(o.wrongSecret ?? {})) {
        const right = world.account(profile).secretAccessKey;
        assert.ok(text.includes(right));
        text = text.replace(right, secret);
      }
      for (const [profile, token] of Object.entries(o.sessionToken ?? {})) {
        text = text.replace(`[${profile}]\n`, `[${profile}]\naws_session_token = ${token}\n`);
      }
      await writeFile(files.credentialsFile, text, { mode: 0o600 });
      return files;
    },
    async kill() {
      alive = false;
      await sim.close();
    },
    async restart() {
      assert.ok(!alive, 'kill the simulator first');
      sim = await start(port);
      assert.equal(sim.port, port, 'restarted on the same port');
      alive = true;
    },
    async close() {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** A provider that counts the calls it forwards: every router attempt is exactly one call. */
export class CountingProvider implements ModelProvider {
  calls = 0;
  open = 0;
  constructor(readonly inner: ModelProvider) {}
  async *stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    this.calls++;
    this.open++;
    try {
      yield* this.inner.stream(endpoint, request, signal);
    } finally {
      this.open--;
    }
  }
}

/**
 * Two accounts x two Regions of Sonnet, falling back to Haiku; route `b-only` holds
 * shard-b alone (for faults with no healthy target left). Every target has RPM, TPM and
 * concurrency limits and every tenant a quota, so each request reserves in several places.
 */
export function faultSettings(strategy: StrategyName, overrides: Partial<SettingsInput> = {}): SettingsInput {
  const limits = { rpm: 100_000, tpm: 100_000_000, maxConcurrent: 64 };
  return {
    targets: [
      { id: 'a-east', model: SONNET, profile: 'shard-a', region: 'us-east-1', ...limits },
      { id: 'a-west', model: SONNET, profile: 'shard-a', region: 'us-west-2', ...limits },
      { id: 'b-east', model: SONNET, profile: 'shard-b', region: 'us-east-1', ...limits },
      { id: 'b-west', model: SONNET, profile: 'shard-b', region: 'us-west-2', ...limits },
      { id: 'haiku-b', model: HAIKU, profile: 'shard-b', region: 'us-east-2', ...limits },
    ],
    routes: [
      { name: 'main', targets: ['a-east', 'a-west', 'b-east', 'b-west'], strategy, fallbacks: ['backup'] },
      { name: 'backup', targets: ['haiku-b'], strategy },
      { name: 'b-only', targets: ['b-east', 'b-west'], strategy },
    ],
    quotas: { default: { rpm: 100_000, tpm: 100_000_000, tokensPerDay: 10_000_000_000 } },
    // Enough attempts to walk four targets and the fallback; a budget that does not end runs early.
    retry: { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 500, budgetPercent: 100, minRetriesPerSecond: 100 },
    // 60 s of simulated time: 0.6 s real at the fault suite's time scale, far beyond a normal first token.
    timeouts: { firstTokenMs: 60_000, totalMs: 300_000 },
    cooldown: { failures: 3, windowMs: 60_000, durationMs: 5_000 },
    maxQueueWaitMs: 10_000,
    ...overrides,
  };
}

export interface Harness {
  router: Router;
  store: MemoryLimitStore;
  provider: BedrockProvider;
  counting: CountingProvider;
  /** Records in the order `onRecord` fired. */
  fired: RequestRecord[];
  dispose(): void;
}

export function makeRouter(world: World, files: AwsFiles, config: ResolvedConfig | SettingsInput, seed = 5): Harness {
  const provider = new BedrockProvider({ endpoint: world.sim.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile });
  const counting = new CountingProvider(provider);
  const store = new MemoryLimitStore();
  const resolved = 'chains' in config ? config : resolveSettings(config);
  const router = new Router({ config: resolved, provider: counting, clock: world.clock, store, random: seededRandom(seed) });
  const fired: RequestRecord[] = [];
  const sub = router.onRecord((r) => fired.push(r));
  return {
    router,
    store,
    provider,
    counting,
    fired,
    dispose() {
      sub.dispose();
      provider.dispose();
    },
  };
}

export const ask = (n: number, maxTokens = 60): ModelRequest => ({ messages: [{ role: 'user', content: [{ type: 'text', text: `Request ${n}: explain in a few sentences why a retry budget protects a service during an outage.` }] }], maxTokens });

/** What happened to one request, as its caller saw it. */
export interface Outcome {
  n: number;
  route: string;
  text: string;
  served: number;
  progress: string[];
  record: RequestRecord;
  error?: RouterError;
}

/** Streams one request to the end, as a chat turn would, and keeps what the caller saw. */
export async function streamOne(router: Router, n: number, route: string, tenant = 'reliability', request = ask(n), signal?: AbortSignal): Promise<Outcome> {
  let text = '';
  let served = 0;
  const progress: string[] = [];
  try {
    for await (const e of router.stream({ route, tenant, request, signal })) {
      if (e.type === 'text') text += e.text;
      else if (e.type === 'served') served++;
      else if (e.type === 'progress') progress.push(e.message);
      else if (e.type === 'record') return { n, route, text, served, progress, record: e.record };
    }
  } catch (err) {
    if (!RouterError.isInstance(err)) throw new Error(`request ${n} ended with something other than a RouterError: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, { cause: err });
    assert.ok(err.record, `request ${n}: the RouterError carries its record`);
    return { n, route, text, served, progress, record: err.record, error: err };
  }
  assert.fail(`request ${n}: the stream ended without a record or an error`);
}

/** Runs `count` requests, `concurrency` at a time; `routeOf` picks each one's route. */
export async function runBatch(router: Router, o: { count: number; concurrency: number; first?: number; routeOf?: (n: number) => string; tenantOf?: (n: number) => string; onDone?: (done: number) => void | Promise<void> }): Promise<Outcome[]> {
  const first = o.first ?? 1;
  const out: Outcome[] = [];
  let next = first;
  const worker = async () => {
    while (next < first + o.count) {
      const n = next++;
      out.push(await streamOne(router, n, o.routeOf?.(n) ?? 'main', o.tenantOf?.(n) ?? 'reliability'));
      await o.onDone?.(out.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.count) }, worker));
  return out.sort((a, b) => a.n - b.n);
}

/**
 * Nothing lost, nothing counted twice: one outcome and one record per request sent,
 * `onRecord` fired once for each, the router's totals equal to the per-request sum,
 * one provider call per attempt, and a successful request served exactly once.
 */
export function reconcile(h: Harness, outcomes: readonly Outcome[], sent: number): { succeeded: number; rateLimited: number; failed: number } {
  assert.equal(outcomes.length, sent, 'one outcome per request sent');
  const ids = outcomes.map((o) => o.record.id);
  assert.equal(new Set(ids).size, sent, 'every request has its own record');
  assert.deepEqual(h.fired.map((r) => r.id).sort(), [...ids].sort(), 'onRecord fired exactly once per request');
  let succeeded = 0;
  let rateLimited = 0;
  let failed = 0;
  for (const o of outcomes) {
    const r = o.record;
    assert.ok(r.endedAt >= r.startedAt, `request ${o.n}: record is finished`);
    const oks = r.attempts.filter((a) => a.outcome === 'ok');
    if (r.outcome === 'succeeded') {
      succeeded++;
      assert.equal(o.error, undefined);
      assert.equal(o.served, 1, `request ${o.n}: served exactly once`);
      assert.equal(oks.length, 1, `request ${o.n}: exactly one successful attempt`);
      // The attempt that served it is the last, but for a hedge it beat: started after it, recorded after it, cancelled.
      const served = r.attempts.find((a) => a.outcome === 'ok')!;
      const after = r.attempts.slice(r.attempts.indexOf(served) + 1);
      assert.ok(after.every((a) => r.hedged === true && r.hedgeWinner === 'first' && a.hedge === true && a.outcome === 'cancelled'), `request ${o.n}: the last attempt served it, or only a hedge it beat (cancelled) follows: ${JSON.stringify(r.attempts)}`);
      assert.equal(r.servedBy?.targetId, served.targetId);
      assert.ok(o.text.length > 0, `request ${o.n}: got text`);
      assert.ok(r.usage && r.usage.outputTokens > 0, `request ${o.n}: a complete answer, with its usage`);
    } else {
      assert.ok(o.error, `request ${o.n}: a ${r.outcome} request ended with a RouterError`);
      assert.equal(r.errorKind, o.error.kind);
      assert.equal(r.message, o.error.message);
      assert.equal(oks.length, 0, `request ${o.n}: no attempt counted as served`);
      assert.ok(o.served <= 1, `request ${o.n}: served at most once`);
      if (r.outcome === 'rate-limited') rateLimited++;
      else {
        assert.equal(r.outcome, 'failed', `request ${o.n}: nothing was cancelled`);
        failed++;
      }
    }
  }
  assert.equal(succeeded + rateLimited + failed, sent, 'sent = succeeded + rate limited + failed');
  const t = h.router.stats.totals;
  assert.deepEqual({ requests: t.requests, succeeded: t.succeeded, rateLimited: t.rateLimited, failed: t.failed, cancelled: t.cancelled }, { requests: sent, succeeded, rateLimited, failed, cancelled: 0 }, 'router totals match the requests');
  const attempts = outcomes.reduce((n, o) => n + o.record.attempts.length, 0);
  assert.equal(h.counting.calls, attempts, 'one provider call per recorded attempt');
  const snapshotTotal = h.router.snapshot().tenants.reduce((n, x) => n + x.total, 0);
  assert.equal(snapshotTotal, sent, 'the snapshot counts each request once');
  return { succeeded, rateLimited, failed };
}

/** Every reservation settled, every slot released, nothing in flight anywhere. */
export async function assertSettled(h: Harness, sim?: Simulator): Promise<void> {
  assert.equal(h.router.activeRequests, 0, 'router.activeRequests');
  assert.equal(h.store.outstanding, 0, 'store.outstanding (unsettled reservations)');
  assert.equal(h.store.inFlightTotal, 0, 'store.inFlightTotal (held concurrency slots)');
  assert.equal(h.counting.open, 0, 'provider streams still open');
  const snap = h.router.snapshot();
  for (const t of snap.targets) assert.equal(t.usage.inFlight, 0, `snapshot: ${t.id} in flight`);
  for (const t of snap.tenants) assert.equal(t.usage.inFlight, 0, `snapshot: tenant ${t.name} in flight`);
  if (sim) await waitUntil(() => sim.activeRequests() === 0, 'the simulator has no request in progress');
}

/**
 * Fails the current test if a promise rejection goes unhandled, or Node warns of a
 * possible listener leak, while the suite runs. Call inside a `describe`.
 */
export function guardProcess(): void {
  const seen: string[] = [];
  const onRejection = (reason: unknown) => seen.push(`unhandled promise rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  const onWarning = (w: Error) => {
    if (w.name === 'MaxListenersExceededWarning') seen.push(`${w.name}: ${w.message}\n${w.stack ?? ''}`);
  };
  before(() => {
    process.on('unhandledRejection', onRejection);
    process.on('warning', onWarning);
  });
  after(() => {
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  });
  afterEach(async () => {
    // Rejections are reported after the microtask queue drains: give them a turn.
    await new Promise((r) => setImmediate(r));
    await sleepReal(10);
    const found = seen.splice(0);
    assert.equal(found.length, 0, found.join('\n'));
  });
}
