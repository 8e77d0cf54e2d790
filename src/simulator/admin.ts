/**
 * The admin API: JSON under `/__sim/` on the simulator's own port (HTTP/1.1 or
 * HTTP/2, no auth: loopback only). Mirrors the `Simulator` handle's setters.
 */
import { z } from 'zod';
import type { QuotaKeySpec, Simulator } from './api';
import { adminRefusal } from './adminGuard';
import { SimError } from './errors';
import type { Exchange } from './exchange';
import { sendJson } from './responses';
import { DISCOVERY_OPERATIONS } from './discoveryPolicy';
import { accountSchema, applicationProfileSchema, backgroundCallerSchema, faultSchema, formatPath, quotaRuleSchema, regionSchema, regionStatusSchema } from './scenario';
import type { FaultSpec, SimAccount } from './types';

const ADMIN_BODY_LIMIT = 1024 * 1024;

const notReadySchema = z.strictObject({ model: z.string().min(1), region: z.string().optional(), ready: z.boolean().optional() });
const expiredSchema = z.strictObject({ profile: z.string().min(1), expired: z.boolean().optional() });
const resetSchema = z.strictObject({ seed: z.number().int().optional() });
const regionPatchSchema = regionSchema.extend({ status: regionStatusSchema.optional() });
const profileOnlySchema = z.strictObject({ profile: z.string().min(1) });
const keySchema = z.strictObject({ key: z.string().min(1) });
const denySchema = z.strictObject({ profile: z.string().min(1), deny: z.boolean().optional(), operations: z.array(z.enum(DISCOVERY_OPERATIONS)).min(1).optional() });

async function body<T>(exchange: Exchange, schema: z.ZodType<T>): Promise<T> {
  const raw = await exchange.readBody(ADMIN_BODY_LIMIT);
  let json: unknown = {};
  if (raw.length) {
    try {
      json = JSON.parse(Buffer.from(raw).toString('utf8'));
    } catch (err) {
      throw new SimError('ValidationException', `Malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new SimError('ValidationException', result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '));
  return result.data;
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (SimError.isInstance(err)) throw err;
    throw new SimError('ValidationException', err instanceof Error ? err.message : String(err));
  }
}

/** Accounts as the admin API shows them: no secret key (the AWS files written by `--aws-dir` hold it). */
const publicAccount = (a: SimAccount) => ({ profile: a.profile, accountId: a.accountId, accessKeyId: a.accessKeyId, defaultRegion: a.defaultRegion, expired: a.expired });

export async function handleAdmin(sim: Simulator, exchange: Exchange): Promise<void> {
  const refusal = adminRefusal(exchange.headers);
  if (refusal) throw new SimError('AccessDeniedException', refusal);
  const route = `${exchange.method} ${exchange.path.replace(/\/+$/, '')}`;
  const params = new URLSearchParams(exchange.query);
  const ok = (value: unknown = { ok: true }) => sendJson(exchange, 200, value);

  // timeScale and now (simulated epoch ms): a client's router can follow the simulator's clock (resilient-llm run --aws does).
  if (route === 'GET /__sim/health') return ok({ ok: true, endpoint: sim.endpoint, seed: sim.seed, timeScale: sim.clock.scale, now: sim.clock.now() });
  if (route === 'GET /__sim/state') {
    return ok({ seed: sim.seed, accounts: sim.accounts().map(publicAccount), regions: sim.regions(), faults: sim.faults.list(), backgroundCallers: sim.backgroundCallers(), activeRequests: sim.activeRequests(), invocations: sim.invocationLog().length });
  }
  if (route === 'GET /__sim/accounts') return ok(sim.accounts().map(publicAccount));
  if (route === 'POST /__sim/accounts') {
    const a = await body(exchange, accountSchema.pick({ profile: true, defaultRegion: true, expired: true }));
    return ok(publicAccount(wrap(() => sim.ensureAccount(a.profile, { defaultRegion: a.defaultRegion, expired: a.expired }))));
  }
  if (route === 'POST /__sim/accounts/expired') {
    const e = await body(exchange, expiredSchema);
    wrap(() => sim.faults.accountExpired(e.profile, e.expired ?? true));
    return ok();
  }
  const regionMatch = /^POST \/__sim\/regions\/([a-z0-9-]+)$/.exec(route);
  if (regionMatch) {
    const region = regionMatch[1] ?? '';
    const patch = await body(exchange, regionPatchSchema);
    wrap(() => sim.faults.configureRegion(region, patch));
    return ok(sim.regions()[region]);
  }
  if (route === 'GET /__sim/regions') return ok(sim.regions());
  if (route === 'GET /__sim/faults') return ok(sim.faults.list());
  if (route === 'POST /__sim/faults') {
    const spec = (await body(exchange, faultSchema)) as FaultSpec;
    return ok({ id: sim.faults.add(spec) });
  }
  if (route === 'DELETE /__sim/faults') {
    sim.faults.clear();
    return ok();
  }
  const faultMatch = /^DELETE \/__sim\/faults\/([A-Za-z0-9]+)$/.exec(route);
  if (faultMatch) return ok({ removed: sim.faults.remove(faultMatch[1] ?? '') });
  if (route === 'POST /__sim/models-not-ready') {
    const m = await body(exchange, notReadySchema);
    sim.faults.modelNotReady(m.model, { region: m.region, ready: m.ready });
    return ok();
  }
  if (route === 'POST /__sim/quotas') {
    const rule = await body(exchange, quotaRuleSchema);
    sim.setQuota(rule);
    return ok();
  }
  if (route === 'GET /__sim/quotas') {
    const profile = params.get('profile');
    const region = params.get('region');
    const model = params.get('model');
    if (profile && region && model) {
      const pool = params.get('pool');
      if (pool !== null && pool !== 'on-demand' && pool !== 'cross-region') throw new SimError('ValidationException', 'pool: on-demand or cross-region');
      const key: QuotaKeySpec = { profile, region, model, ...(pool ? { pool } : {}) };
      return ok({ limits: sim.quotaFor(key), usage: sim.quotaUsage(key) });
    }
    if (profile || region || model) throw new SimError('ValidationException', 'GET /__sim/quotas takes profile, region and model together (and optionally pool), or none for every pool in use.');
    return ok(sim.quotaPools());
  }
  if (route === 'GET /__sim/background-callers') return ok(sim.backgroundCallers());
  if (route === 'POST /__sim/background-callers') {
    const spec = await body(exchange, backgroundCallerSchema);
    return ok(wrap(() => sim.addBackgroundCaller(spec)));
  }
  const callerMatch = /^DELETE \/__sim\/background-callers\/([A-Za-z0-9_.-]+)$/.exec(route);
  if (callerMatch) return ok({ removed: sim.removeBackgroundCaller(callerMatch[1] ?? '') });
  if (route === 'POST /__sim/api-keys') {
    const { profile } = await body(exchange, profileOnlySchema);
    return ok({ key: wrap(() => sim.issueApiKey(profile)) });
  }
  if (route === 'POST /__sim/api-keys/revoke') {
    const { key } = await body(exchange, keySchema);
    return ok({ revoked: sim.revokeApiKey(key) });
  }
  if (route === 'POST /__sim/session-credentials') {
    const { profile } = await body(exchange, profileOnlySchema);
    return ok(wrap(() => sim.issueSessionCredentials(profile)));
  }
  if (route === 'POST /__sim/discovery/deny') {
    const d = await body(exchange, denySchema);
    wrap(() => sim.denyDiscovery(d.profile, { deny: d.deny, operations: d.operations }));
    return ok();
  }
  if (route === 'GET /__sim/application-inference-profiles') return ok(sim.applicationInferenceProfiles());
  if (route === 'POST /__sim/application-inference-profiles') {
    const spec = await body(exchange, applicationProfileSchema);
    return ok(wrap(() => sim.createApplicationInferenceProfile(spec)));
  }
  if (route === 'GET /__sim/invocations') {
    const all = sim.invocationLog();
    const limit = Number(params.get('limit') ?? all.length);
    return ok({ count: all.length, records: Number.isFinite(limit) && limit >= 0 ? all.slice(Math.max(0, all.length - limit)) : all });
  }
  if (route === 'POST /__sim/reset') {
    const r = await body(exchange, resetSchema);
    sim.reset({ seed: r.seed });
    return ok({ ok: true, seed: sim.seed });
  }
  throw new SimError('UnknownOperationException', `No admin operation ${route}. See docs/simulator.md (Admin API) for the admin API.`);
}
