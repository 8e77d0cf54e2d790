/** The gateway's own settings (`resilientLlm.gateway.*`), checked with a message naming the setting at fault. */
import { type ModelRoutes } from './modelRoutes';

export const GATEWAY_MODELS_SETTING = 'resilientLlm.gateway.models';

/** `resilientLlm.gateway.models`: an object of model or inference-profile id -> route name. */
export function parseGatewayModels(value: unknown): { models: ModelRoutes } | { problem: string } {
  if (value === undefined || value === null) return { models: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { problem: `${GATEWAY_MODELS_SETTING} must be an object of model id -> route name, e.g. { "us.anthropic.claude-sonnet-4-6": "sonnet" }.` };
  for (const [id, route] of Object.entries(value)) {
    if (typeof route !== 'string' || route === '') return { problem: `${GATEWAY_MODELS_SETTING}["${id}"] must be a route name (a string).` };
  }
  return { models: value as ModelRoutes };
}

/**
 * Takes the gateway's keys out of a settings-shaped file's router settings (the router's schema
 * does not know them): `gateway.models` in the flat form, `gateway: { models }` nested.
 */
export function takeGatewaySettings(raw: Record<string, unknown>): { models: ModelRoutes } | { problem: string } {
  const nested = raw.gateway as Record<string, unknown> | undefined;
  const value = raw['gateway.models'] ?? (typeof nested === 'object' && nested !== null ? nested.models : undefined);
  for (const key of Object.keys(raw)) if (key === 'gateway' || key.startsWith('gateway.')) delete raw[key];
  return parseGatewayModels(value);
}
