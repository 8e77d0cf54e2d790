/** Typed fault setters; the admin API offers the same operations over HTTP. */
import type { AccountRegistry } from './accounts';
import { ALL_REGIONS } from './catalog';
import type { FaultErrorKind, StreamExceptionKind } from './errors';
import type { FaultBook } from './faults';
import type { RegionTable } from './regions';
import type { ScenarioRegion } from './scenario';
import type { FaultRule, FaultSpec, RegionStatus, Scope } from './types';

export interface FaultOptions {
  scope?: Scope;
  /** Probability that a matching request is hit (default 1). */
  rate?: number;
  /** Hit at most this many matching requests. */
  count?: number;
}

export interface FaultControls {
  /** Region health: `down` fails requests sent there (503) and removes it from CRIS; `degraded` slows it, adds an error rate and down-weights it. */
  setRegionStatus(region: string, status: RegionStatus): void;
  /** Changes a Region's capacity, latency or degraded behaviour. */
  configureRegion(region: string, patch: ScenarioRegion): void;
  /** Adds any fault rule; returns its id. */
  add(spec: FaultSpec): string;
  /** Fails `rate` of matching requests with the error of `kind`. */
  errorRate(kind: FaultErrorKind, rate: number, scope?: Scope): string;
  /** Fails the next `count` matching requests with the error of `kind`. */
  burst(kind: FaultErrorKind, count: number, scope?: Scope): string;
  /** Never responds (after `afterTokens` streamed tokens) until the client goes away. */
  hang(options?: FaultOptions & { afterTokens?: number }): string;
  /** Sends an exception frame after `afterTokens` streamed tokens (streaming operations only). */
  midStreamException(options: FaultOptions & { afterTokens: number; kind?: StreamExceptionKind; message?: string }): string;
  /** Resets the stream (HTTP/2 RST_STREAM) or the connection (HTTP/1.1), optionally after `afterTokens` streamed tokens. */
  connectionReset(options?: FaultOptions & { afterTokens?: number }): string;
  /** Adds `extraMs` simulated ms before the first token. */
  slowFirstToken(extraMs: number, options?: FaultOptions): string;
  /** 429 ModelNotReadyException for a model (foundation or profile id), everywhere or in one source Region. */
  modelNotReady(model: string, options?: { region?: string; ready?: boolean }): void;
  /** 403 ExpiredTokenException for every request signed by this profile's keys. */
  accountExpired(profile: string, expired?: boolean): void;
  remove(id: string): boolean;
  list(): FaultRule[];
  /** Removes every fault rule and not-ready marker, makes every Region healthy and every account unexpired. */
  clear(): void;
}

export function createFaultControls(book: FaultBook, regions: RegionTable, accounts: AccountRegistry): FaultControls {
  const checkRegion = (region: string) => {
    if (!ALL_REGIONS.includes(region)) throw new Error(`unknown Region ${region}; known: ${ALL_REGIONS.join(', ')}`);
  };
  return {
    setRegionStatus(region, status) {
      checkRegion(region);
      regions.setStatus(region, status);
    },
    configureRegion(region, patch) {
      checkRegion(region);
      regions.configure(region, patch);
    },
    add: (spec) => book.add(spec),
    errorRate: (kind, rate, scope) => book.add({ type: 'error', kind, rate, scope }),
    burst: (kind, count, scope) => book.add({ type: 'error', kind, count, scope }),
    hang: (options = {}) => book.add({ type: 'hang', ...options }),
    midStreamException: (options) => book.add({ type: 'midStream', ...options }),
    connectionReset: (options = {}) => book.add({ type: 'reset', ...options }),
    slowFirstToken: (extraMs, options = {}) => book.add({ type: 'slowFirstToken', extraMs, ...options }),
    modelNotReady: (model, options = {}) => book.setModelNotReady(model, !(options.ready ?? false), options.region),
    accountExpired: (profile, expired = true) => accounts.setExpired(profile, expired),
    remove: (id) => book.remove(id),
    list: () => book.list(),
    clear() {
      book.clear();
      for (const region of ALL_REGIONS) regions.setStatus(region, 'healthy');
      for (const a of accounts.list()) accounts.setExpired(a.profile, false);
    },
  };
}
