/** The gateway in front of a router whose targets are the project's simulator (the real SDK in between). */
import { Gateway, newToken } from '../../src/gateway';
import { type RequestRecord, Router, type SettingsInput, resolveSettings } from '../../src/router';
import { type SimEnv, startSimEnv } from './simEnv';
import { BedrockProvider } from '../../src/providers/bedrock/provider';

export const SONNET_US = 'us.anthropic.claude-sonnet-4-6';
export const HAIKU_GLOBAL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

/** Two shards of Sonnet behind round-robin (so sonnet-a is asked first), Haiku as a fallback; the workspaces "alpha" and "tiny" have quotas. */
export const GATEWAY_SETTINGS: SettingsInput = {
  targets: [
    { id: 'sonnet-a', model: SONNET_US, profile: 'team-a', region: 'us-east-1' },
    { id: 'sonnet-b', model: SONNET_US, profile: 'team-b', region: 'us-west-2' },
    { id: 'haiku', model: HAIKU_GLOBAL, profile: 'team-a', region: 'us-east-1' },
  ],
  routes: [
    { name: 'sonnet', targets: ['sonnet-a', 'sonnet-b'], strategy: 'round-robin', fallbacks: ['haiku'] },
    { name: 'haiku', targets: ['haiku'] },
  ],
  quotas: { default: { rpm: 1000 }, workspaces: { alpha: { rpm: 40 }, tiny: { rpm: 1 } } },
};

export interface GatewayEnv {
  env: SimEnv;
  router: Router;
  gateway: Gateway;
  token: string;
  tenant: string;
  records: RequestRecord[];
  close(): Promise<void>;
}

export async function startGatewayEnv(options: { settings?: SettingsInput; tenant?: string; seed?: number; maxBodyBytes?: number } = {}): Promise<GatewayEnv> {
  // Slow enough that the router's first-token timeout (simulated) is not a few real ms.
  const env = await startSimEnv({ seed: options.seed ?? 7, timeScale: 20, profiles: ['team-a', 'team-b'] });
  const provider = new BedrockProvider({ endpoint: env.sim.endpointTemplate, credentialsFile: env.credentialsFile, configFile: env.configFile });
  const router = new Router({ config: resolveSettings(options.settings ?? GATEWAY_SETTINGS), provider, clock: env.sim.clock });
  const records: RequestRecord[] = [];
  const sub = router.onRecord((r) => records.push(r));
  const token = newToken();
  const tenant = options.tenant ?? 'alpha';
  const tokens = new Map([[token, tenant]]);
  const gateway = await Gateway.start({ router: () => router, tokens: () => tokens, maxBodyBytes: options.maxBodyBytes });
  return {
    env,
    router,
    gateway,
    token,
    tenant,
    records,
    async close() {
      sub.dispose();
      await gateway.close();
      provider.dispose();
      await env.close();
    },
  };
}
