/**
 * One model invocation, whatever the operation: validation, Region health,
 * quota admission, CRIS routing, faults, the reply and its timing, and the
 * invocation log record.
 */
import { randomUUID } from 'node:crypto';
import { effectiveMaxTokens, reservationTokens, settledTokens } from './burndown';
import { faultError, MESSAGES, SimError } from './errors';
import type { Exchange } from './exchange';
import { latencyPlan } from './latency';
import { loggedModelId, resolveModelTarget, type ModelTarget } from './modelTarget';
import type { ModelProtocol } from './protocol';
import { planReply } from './reply';
import { estimateInputTokens } from './request';
import { sendError } from './responses';
import type { SimState } from './state';
import { deliver, type Delivery } from './delivery';
import type { InvocationRecord, SimAccount } from './types';

export interface InvocationInput {
  exchange: Exchange;
  account: SimAccount;
  sourceRegion: string;
  requestedModelId: string;
  protocol: ModelProtocol;
  body: Uint8Array;
}

function parseJson(input: InvocationInput): unknown {
  const type = (input.exchange.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new SimError('ValidationException', `Unsupported content type "${type || '(none)'}": this operation accepts application/json.`);
  }
  try {
    return JSON.parse(Buffer.from(input.body).toString('utf8'));
  } catch (err) {
    throw new SimError('ValidationException', `Malformed input request: ${err instanceof Error ? err.message : 'invalid JSON'}, please reformat your input and try again.`);
  }
}

export async function invoke(state: SimState, input: InvocationInput): Promise<void> {
  const { exchange, account, sourceRegion } = input;
  const start = state.clock.now();
  const requestId = randomUUID();
  const record: InvocationRecord = {
    requestId,
    time: Math.round(start),
    operation: input.protocol.operation,
    accountId: account.accountId,
    profile: account.profile,
    sourceRegion,
    modelId: input.requestedModelId,
    requestedModelId: input.requestedModelId,
    inputTokens: 0,
    outputTokens: 0,
    latencyMs: 0,
    outcome: 'error',
  };
  let settle: (() => void) | undefined;
  state.inFlight++;
  try {
    const json = parseJson(input);
    const target: ModelTarget = resolveModelTarget(input.requestedModelId, sourceRegion, { account, applicationProfiles: state.applicationProfiles });
    record.modelId = loggedModelId(target, sourceRegion, account.accountId);
    record.foundationModelId = target.model.id;
    const request = input.protocol.parse(json, target.model);
    if (request.serviceTier) record.serviceTier = request.serviceTier;
    if (state.regions.status(sourceRegion) === 'down') throw new SimError('ServiceUnavailableException', MESSAGES.unavailable);
    if (state.faults.isModelNotReady(target.model.id, input.requestedModelId, sourceRegion)) throw new SimError('ModelNotReadyException', MESSAGES.modelNotReady);

    const inputTokens = estimateInputTokens(request);
    if (inputTokens > target.model.contextWindow) throw new SimError('ValidationException', 'Input is too long for requested model.');
    const maxTokens = effectiveMaxTokens(target.model, request.maxTokens, state.defaultMaxTokens);
    const key = { profile: account.profile, accountId: account.accountId, sourceRegion, modelId: target.model.id, pool: target.pool };
    // Converse, ConverseStream and InvokeModel all draw on this pool; it reserves input + maxTokens now and settles at the end.
    // Priority, default and flex requests share it too (the key has no tier): "Your on-demand quota for a model is shared
    // across all service tiers" (user guide, service-tiers-inference.html).
    const admitted = state.quotas.admit(key, reservationTokens(inputTokens, maxTokens));
    const model = target.model;
    settle = () => {
      record.quotaTokens = settledTokens(model, { inputTokens: record.inputTokens, cacheWriteInputTokens: record.cacheWriteInputTokens, outputTokens: record.outputTokens });
      admitted.settle(record.quotaTokens);
    };
    record.inputTokens = inputTokens;

    const region = target.profile ? state.cris.pick(account.accountId, target.profile) : sourceRegion;
    if (!region) throw new SimError('ServiceUnavailableException', MESSAGES.unavailable);
    record.inferenceRegion = region;
    const regionConfig = state.regions.get(region);
    if (regionConfig.status === 'degraded' && state.random.stream('degraded', region).next() < regionConfig.degraded.errorRate) {
      throw faultError(regionConfig.degraded.errorKind);
    }
    const streaming = input.protocol.encoder !== undefined;
    const decision = state.faults.decide({ profile: account.profile, sourceRegion, region, foundationModelId: target.model.id, requestedModelId: input.requestedModelId, streaming, serviceTier: request.serviceTier });
    if (decision.disruption?.type === 'error') throw decision.disruption.error;

    const plan = planReply(state.seed(), request, maxTokens, state.answerTokens);
    if (request.serviceTier) plan.serviceTier = request.serviceTier;
    if (request.cachePrefixes) {
      const cached = state.promptCache.use(`${account.accountId}\u0000${target.model.id}`, request.cachePrefixes);
      plan.cache = { readInputTokens: cached.cacheReadInputTokens, writeInputTokens: cached.cacheWriteInputTokens };
      plan.inputTokens = Math.max(0, plan.inputTokens - cached.cacheReadInputTokens - cached.cacheWriteInputTokens);
      record.inputTokens = plan.inputTokens;
      record.cacheReadInputTokens = cached.cacheReadInputTokens;
      record.cacheWriteInputTokens = cached.cacheWriteInputTokens;
    }
    const jitter = state.random.stream('jitter', region).next();
    const delivery: Delivery = {
      state,
      exchange,
      protocol: input.protocol,
      plan,
      latency: latencyPlan(regionConfig, target.model, jitter, decision.extraFirstTokenMs, request.serviceTier),
      disruption: decision.disruption,
      start,
      requestId,
      modelId: input.requestedModelId,
      model: target.model,
    };
    const result = await deliver(delivery);
    record.outputTokens = result.outputTokens;
    record.outcome = result.outcome;
    record.errorCode = result.errorCode;
    record.stopReason = result.outcome === 'success' ? plan.stopReason : undefined;
  } catch (err) {
    const e = sendError(exchange, err, { requestId });
    record.outcome = exchange.signal.aborted ? 'client-aborted' : 'error';
    record.errorCode = e.code;
  } finally {
    state.inFlight--;
    // A request that failed before the model ran settles to what it used (its input, if it was admitted).
    settle?.();
    record.latencyMs = Math.round(state.clock.now() - start);
    state.log.append(record);
  }
}
