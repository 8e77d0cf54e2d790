import { type Node, findNodeAtLocation, parseTree } from 'jsonc-parser';
import { SETTINGS_PREFIX } from '../router';
import { USER_ONLY_SETTINGS } from './settingsMeta';

/**
 * Where a problem's setting path points inside a settings.json. No `vscode` import, so the
 * unit tests read real settings text through it.
 */

/** `resilientLlm.routes[1].fallbacks[0]` → `routes`; `resilientLlm.redis.url.host` → `redis.url`. */
export function topLevelKey(path: string | undefined): string | undefined {
  const dotted = USER_ONLY_SETTINGS.find((k) => k.includes('.') && (path === `${SETTINGS_PREFIX}.${k}` || path?.startsWith(`${SETTINGS_PREFIX}.${k}.`)));
  if (dotted) return dotted;
  return /^resilientLlm\.([A-Za-z]+)/.exec(path ?? '')?.[1];
}

/** `resilientLlm.routes[1].fallbacks[0]` → `["resilientLlm.routes", 1, "fallbacks", 0]`, as settings.json nests it. */
export function settingSegments(path: string): Array<string | number> | undefined {
  const key = topLevelKey(path);
  if (!key) return undefined;
  const head = `${SETTINGS_PREFIX}.${key}`;
  const segments: Array<string | number> = [head];
  for (const m of path.slice(head.length).matchAll(/\[(\d+)\]|\.([^.[\]]+)/g)) segments.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return segments;
}

export interface SettingLocation {
  offset: number;
  length: number;
  /** False when the path's own node is missing (a required field left out): the location is its nearest written parent. */
  exact: boolean;
}

/**
 * The property at `path` in settings.json text (key and value, so the key is what the eye
 * lands on), or the nearest enclosing value that is written when the field itself is missing.
 * Undefined when the file does not set the setting at all.
 */
export function locateSetting(text: string, path: string): SettingLocation | undefined {
  const segments = settingSegments(path);
  const root = parseTree(text);
  if (!segments || !root) return undefined;
  for (let n = segments.length; n >= 1; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (!node) continue;
    const shown: Node = node.parent?.type === 'property' ? node.parent : node;
    return { offset: shown.offset, length: shown.length, exact: n === segments.length };
  }
  return undefined;
}
