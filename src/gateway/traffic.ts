/** What the gateway served, per client, for the dashboard and the CLI. */
import { type RequestRecord } from '../router';

export type GatewayProtocol = 'bedrock' | 'openai';

/** One request through the gateway: who sent it, for which workspace, and how it ended. */
export interface GatewayRequest {
  client: string;
  protocol: GatewayProtocol;
  operation: string;
  tenant: string;
  route?: string;
  status: number;
  /** The router's record (absent when the gateway refused the request before routing it). */
  record?: RequestRecord;
  message?: string;
  at: number;
}

export interface ClientTraffic {
  client: string;
  requests: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  lastTenant: string;
  lastAt: number;
}

export class TrafficTally {
  private readonly byClient = new Map<string, ClientTraffic>();

  add(r: GatewayRequest): void {
    const t = this.byClient.get(r.client) ?? { client: r.client, requests: 0, succeeded: 0, rateLimited: 0, failed: 0, inputTokens: 0, outputTokens: 0, lastTenant: r.tenant, lastAt: r.at };
    t.requests++;
    if (r.status < 400) t.succeeded++;
    else if (r.status === 429) t.rateLimited++;
    else t.failed++;
    t.inputTokens += r.record?.usage?.inputTokens ?? 0;
    t.outputTokens += r.record?.usage?.outputTokens ?? 0;
    t.lastTenant = r.tenant;
    t.lastAt = r.at;
    this.byClient.set(r.client, t);
  }

  clients(): ClientTraffic[] {
    return [...this.byClient.values()].sort((a, b) => b.requests - a.requests || a.client.localeCompare(b.client)).map((t) => ({ ...t }));
  }
}
