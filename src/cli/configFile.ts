import { readFile } from 'node:fs/promises';
import { type RedisFileSettings, redisSettingsFromFile, settingsFromFile } from '../router';
import { parseJsonc } from './jsonFile';

export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

/**
 * Reads a settings-shaped file (settings.json syntax: comments and trailing commas
 * allowed) and returns the router settings in it (keys without the prefix).
 */
export async function loadSettingsFile(path: string): Promise<Record<string, unknown>> {
  return (await loadConfigFile(path)).settings;
}

/** The router settings of a settings-shaped file, and its `resilientLlm.redis.*` settings. */
export async function loadConfigFile(path: string): Promise<{ settings: Record<string, unknown>; redis: RedisFileSettings }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ConfigFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = parseJsonc(text);
    return { settings: settingsFromFile(json), redis: redisSettingsFromFile(json) };
  } catch (err) {
    throw new ConfigFileError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
