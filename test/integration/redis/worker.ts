/**
 * One "VS Code window" for the shared-limits tests: a Router in its own process, with an
 * in-process fake model provider and the limit store `createLimitStore` builds from a Redis
 * URL. Driven by the test over IPC (see workers.ts); never run on its own.
 */
import { SystemClock } from '../../../src/core/clock';
import { type Endpoint } from '../../../src/providers/types';
import { type LimitModeChange, Router, RouterError, type SettingsInput, createLimitStore, resolveSettings } from '../../../src/router';
import { type Behaviour, FakeProvider } from '../../support/fakeProvider';
import { hello } from '../../support/routerFixtures';

export interface WorkerInit {
  settings: SettingsInput;
  redisUrl: string;
  keyPrefix: string;
  heartbeatMs: number;
  probeMs: number;
  commandTimeoutMs: number;
  /** Behaviours per target id (the last one repeats). */
  behaviours?: Record<string, Behaviour[]>;
}

export type WorkerCommand =
  | { type: 'init'; init: WorkerInit }
  | { type: 'script'; target: string; behaviours: Behaviour[] }
  /** `count` requests at once. */
  | { type: 'burst'; count: number; tenant: string; maxTokens: number }
  /** One request every `everyMs` for `durationMs`, each awaited in the background. */
  | { type: 'steady'; everyMs: number; durationMs: number; tenant: string; maxTokens: number }
  | { type: 'state' }
  | { type: 'close' };

export interface RequestResult {
  outcome: string;
  servedBy?: string;
  message?: string;
  tokens: number;
  skipped: Array<{ targetId: string; reason: string }>;
}

export interface WorkerState {
  mode: string;
  processes: number;
  events: LimitModeChange[];
  totals: { requests: number; succeeded: number; rateLimited: number; failed: number; cancelled: number };
  outstanding: number;
  calls: Record<string, number>;
}

let router: Router | undefined;
let provider: FakeProvider | undefined;
let limits: ReturnType<typeof createLimitStore> | undefined;
let endpoints: Record<string, Endpoint> = {};
const events: LimitModeChange[] = [];
const clock = new SystemClock();

async function one(tenant: string, maxTokens: number): Promise<RequestResult> {
  try {
    const r = await router!.send({ tenant, request: { ...hello, maxTokens } });
    return { outcome: r.record.outcome, servedBy: r.record.servedBy?.targetId, tokens: (r.usage?.inputTokens ?? 0) + (r.usage?.outputTokens ?? 0), skipped: r.record.skipped.map((s) => ({ targetId: s.targetId, reason: s.reason })) };
  } catch (err) {
    if (!RouterError.isInstance(err) || !err.record) return { outcome: 'thrown', message: String(err), tokens: 0, skipped: [] };
    return { outcome: err.record.outcome, message: err.message, tokens: 0, skipped: err.record.skipped.map((s) => ({ targetId: s.targetId, reason: s.reason })) };
  }
}

async function handle(cmd: WorkerCommand): Promise<unknown> {
  switch (cmd.type) {
    case 'init': {
      const { settings, redisUrl, keyPrefix, heartbeatMs, probeMs, commandTimeoutMs, behaviours } = cmd.init;
      provider = new FakeProvider(clock);
      endpoints = Object.fromEntries(settings.targets!.map((t) => [t.id, { model: t.model, profile: t.profile, region: t.region }]));
      for (const [id, b] of Object.entries(behaviours ?? {})) provider.on(endpoints[id]!, b);
      limits = createLimitStore({ redisUrl, keyPrefix, clock, heartbeatMs, probeMs, commandTimeoutMs });
      limits.onModeChange((e) => events.push(e));
      router = new Router({ config: resolveSettings(settings), provider, clock, store: limits.store });
      return { mode: await limits.ready() };
    }
    case 'script':
      provider!.on(endpoints[cmd.target]!, cmd.behaviours);
      return {};
    case 'burst':
      return Promise.all(Array.from({ length: cmd.count }, () => one(cmd.tenant, cmd.maxTokens)));
    case 'steady': {
      const pending: Array<Promise<RequestResult>> = [];
      const end = performance.now() + cmd.durationMs;
      while (performance.now() < end) {
        pending.push(one(cmd.tenant, cmd.maxTokens));
        await clock.sleep(cmd.everyMs);
      }
      return Promise.all(pending);
    }
    case 'state': {
      const t = router!.stats.totals;
      const calls = Object.fromEntries(Object.entries(endpoints).map(([id, e]) => [id, provider!.callsTo(e)]));
      const state: WorkerState = { mode: limits!.mode, processes: limits!.processes, events, totals: { requests: t.requests, succeeded: t.succeeded, rateLimited: t.rateLimited, failed: t.failed, cancelled: t.cancelled }, outstanding: router!.store.outstanding, calls };
      return state;
    }
    case 'close':
      await limits?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (msg: { id: number; cmd: WorkerCommand }) => {
  handle(msg.cmd).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: unknown) => process.send!({ id: msg.id, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) }),
  );
});
