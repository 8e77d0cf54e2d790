import { type Clock } from '../core/clock';
import { appliedBedrockQuotas, quotaErrorText } from '../providers/bedrock/serviceQuotas';
import { type BedrockProvider } from '../providers/bedrock/provider';
import { PoolDiscovery, type Router } from '../router';

/** Where discovery speaks: the CLI prints these lines (stderr), the extension logs them. */
export interface DiscoveryLog {
  info(line: string): void;
  warn(line: string): void;
}

/**
 * Service Quotas discovery for a router outside the extension (`resilient-llm run` and
 * `serve`): the pools' untyped limits come from the applied quotas of each account and
 * Region its targets use, as in the editor. The caller awaits `refresh` once before sending
 * so the first requests already run at the discovered quotas, then may `start` the timer.
 */
export function poolDiscoveryFor(router: Router, provider: BedrockProvider, log: DiscoveryLog, clock?: Clock): PoolDiscovery {
  const read = async (account: Parameters<typeof appliedBedrockQuotas>[1]) => {
    try {
      return await appliedBedrockQuotas(provider.pool, account);
    } catch (err) {
      // The SDK's errors carry request ids and metadata: the log gets the name and message only.
      throw new Error(quotaErrorText(err), { cause: err });
    }
  };
  return new PoolDiscovery(router.pools, read, log, { models: () => router.models, ...(clock ? { clock } : {}) });
}
