import { type Admission, type Denial, type Lease, type LimitSpec, type LimitStore } from './types';

/**
 * A target's admission holds two leases: one under its own (gateway) limits, settled with
 * input + output tokens as typed limits always were, and one under its Bedrock pool,
 * settled as Bedrock settles it (output x the model's burndown). Separate leases because
 * the two settle to different amounts; the pool's is taken only after the target's, and
 * the target's is given back if the pool refuses, so a refusal holds nothing.
 */
export interface PooledLease {
  readonly gateway: Lease;
  readonly pool: Lease;
  /** Tokens reserved under both (estimated input + maxTokens). */
  readonly tokens: number;
}

export type PooledAdmission = { ok: true; lease: PooledLease } | Denial;

export async function admitPooled(store: LimitStore, gateway: readonly LimitSpec[], pool: readonly LimitSpec[], tokens: number, now: number): Promise<PooledAdmission> {
  const first: Admission = await store.admit(gateway, tokens, now);
  if (!first.ok) return first;
  const second = await store.admit(pool, tokens, now);
  if (!second.ok) {
    await giveBack(store, first.lease, now);
    return second;
  }
  return { ok: true, lease: { gateway: first.lease, pool: second.lease, tokens } };
}

/** Settles both leases: the gateway's to `gatewayTokens`, the pool's to `poolTokens` (after burndown). */
export async function finishPooled(store: LimitStore, lease: PooledLease, gatewayTokens: number, poolTokens: number, now: number): Promise<void> {
  await Promise.all([store.finish(lease.gateway, gatewayTokens, now), store.finish(lease.pool, poolTokens, now)]);
}

/** An admission never used: given back as if it never happened (where the store can). */
export async function refundPooled(store: LimitStore, lease: PooledLease, now: number): Promise<void> {
  await Promise.all([giveBack(store, lease.gateway, now), giveBack(store, lease.pool, now)]);
}

export function restampPooled(store: LimitStore, lease: PooledLease, now: number): void {
  store.restamp?.(lease.gateway, now);
  store.restamp?.(lease.pool, now);
}

async function giveBack(store: LimitStore, lease: Lease, now: number): Promise<void> {
  if (store.refund) await store.refund(lease, now);
  else await store.finish(lease, 0, now);
}
