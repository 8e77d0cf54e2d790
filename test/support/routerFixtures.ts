import { ManualClock } from '../../src/core/clock';
import { seededRandom } from '../../src/core/rng';
import { type Endpoint, type ModelRequest } from '../../src/providers/types';
import { MemoryLimitStore, Router, type SettingsInput, resolveSettings } from '../../src/router';
import { FakeProvider } from './fakeProvider';

export function endpointOf(settings: SettingsInput, id: string): Endpoint {
  const t = settings.targets!.find((x) => x.id === id)!;
  return { model: t.model, profile: t.profile, region: t.region };
}

export function makeRouter(settings: SettingsInput, seed = 1) {
  const clock = new ManualClock(1_700_000_000_000);
  const provider = new FakeProvider(clock);
  const store = new MemoryLimitStore();
  const router = new Router({ config: resolveSettings(settings), provider, clock, store, random: seededRandom(seed) });
  return { clock, provider, store, router, endpoint: (id: string) => endpointOf(settings, id) };
}

export const hello: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }], maxTokens: 100 };

/** The seed's model fallback setup: primary 3 RPM, fallback 25 RPM. */
export function fallbackSettings(): SettingsInput {
  return {
    targets: [
      { id: 'primary', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 3, tpm: 100_000 },
      { id: 'fallback', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', rpm: 25, tpm: 250_000 },
    ],
    routes: [
      { name: 'main', targets: ['primary'], fallbacks: ['backup'] },
      { name: 'backup', targets: ['fallback'] },
    ],
  };
}
