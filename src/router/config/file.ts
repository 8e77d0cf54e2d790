import { SETTINGS_PREFIX } from './schema';

/** Settings that only the VS Code extension reads; a settings-shaped file may carry them. */
export const EXTENSION_ONLY_SETTINGS = new Set(['tenant', 'logLevel', 'redis', 'redisUrl', 'redisKeyPrefix']);

/**
 * Turns a settings-shaped JSON object into router settings. Accepts settings.json's
 * flat form (`{ "resilientLlm.targets": [...] }`) and a nested form
 * (`{ "resilientLlm": { "targets": [...] } }`). Keys of other extensions are ignored.
 */
export function settingsFromFile(json: unknown): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`a settings file must hold a JSON object with "${SETTINGS_PREFIX}.*" keys`);
  }
  const out: Record<string, unknown> = {};
  const nested = (json as Record<string, unknown>)[SETTINGS_PREFIX];
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) Object.assign(out, nested);
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith(`${SETTINGS_PREFIX}.`)) out[key.slice(SETTINGS_PREFIX.length + 1)] = value;
  }
  for (const key of EXTENSION_ONLY_SETTINGS) delete out[key];
  return out;
}
