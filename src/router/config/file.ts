import { dict } from '../../core/dict';
import { validKeyPrefix } from '../limits/createLimitStore';
import { SETTINGS_PREFIX } from './schema';

/** Settings that only the VS Code extension (or the CLI's limit store) reads; a settings-shaped file may carry them. */
export const EXTENSION_ONLY_SETTINGS = new Set(['tenant', 'logLevel', 'redis', 'redis.url', 'redis.keyPrefix', 'redisUrl', 'redisKeyPrefix']);

/** `resilientLlm.redis.url` and `resilientLlm.redis.keyPrefix` from a settings-shaped file. */
export interface RedisFileSettings {
  url?: string;
  keyPrefix?: string;
}

/** Every `resilientLlm.*` key of a file, flat form (`"resilientLlm.targets"`) over the nested form (`"resilientLlm": { "targets" }`). */
function prefixed(json: unknown): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`a settings file must hold a JSON object with "${SETTINGS_PREFIX}.*" keys`);
  }
  // No prototype: a key "__proto__" stays a key (validation names it) instead of replacing the prototype.
  const out = dict<unknown>();
  const nested = Object.hasOwn(json, SETTINGS_PREFIX) ? (json as Record<string, unknown>)[SETTINGS_PREFIX] : undefined;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
    for (const [key, value] of Object.entries(nested)) out[key] = value;
  }
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith(`${SETTINGS_PREFIX}.`)) out[key.slice(SETTINGS_PREFIX.length + 1)] = value;
  }
  return out;
}

/**
 * Turns a settings-shaped JSON object into router settings. Accepts settings.json's
 * flat form (`{ "resilientLlm.targets": [...] }`) and a nested form
 * (`{ "resilientLlm": { "targets": [...] } }`). Keys of other extensions are ignored.
 */
export function settingsFromFile(json: unknown): Record<string, unknown> {
  const out = prefixed(json);
  for (const key of EXTENSION_ONLY_SETTINGS) delete out[key];
  // A plain object again; spreading defines own keys, so a "__proto__" key stays a key for validation to name.
  return { ...out };
}

/**
 * The Redis settings of a settings-shaped file: `"resilientLlm.redis.url"` and
 * `"resilientLlm.redis.keyPrefix"` as in settings.json (or nested under `"redis"`).
 * Throws naming the setting when one is malformed; never quotes the URL (it may hold a password).
 */
export function redisSettingsFromFile(json: unknown): RedisFileSettings {
  const all = prefixed(json);
  const nested = all.redis;
  const group = typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as Record<string, unknown>) : dict<unknown>();
  const pick = (name: 'url' | 'keyPrefix'): string | undefined => {
    const value = Object.hasOwn(all, `redis.${name}`) ? all[`redis.${name}`] : Object.hasOwn(group, name) ? group[name] : undefined;
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new Error(`${SETTINGS_PREFIX}.redis.${name} must be a string`);
    return value.trim() || undefined;
  };
  const url = pick('url');
  const keyPrefix = pick('keyPrefix');
  if (url !== undefined && !/^rediss?:\/\/\S+$/.test(url)) throw new Error(`${SETTINGS_PREFIX}.redis.url must be a redis:// or rediss:// URL (or empty for limits in this process only)`);
  if (keyPrefix !== undefined && !validKeyPrefix(keyPrefix)) throw new Error(`${SETTINGS_PREFIX}.redis.keyPrefix "${keyPrefix}" may only use letters, digits and : _ . - { } (at most 64 characters)`);
  return { ...(url ? { url } : {}), ...(keyPrefix ? { keyPrefix } : {}) };
}
