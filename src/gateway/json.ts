/** Small checks for untrusted JSON bodies. */
import { GatewayError } from './errors';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJson(body: Buffer): Json {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new GatewayError('invalid', 'The request body is not valid JSON.');
  }
  if (!isObject(v)) throw new GatewayError('invalid', 'The request body must be a JSON object.');
  return v;
}

export function optionalNumber(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new GatewayError('invalid', `${field} must be a number.`);
  return v;
}

export function stringList(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new GatewayError('invalid', `${field} must be a list of strings.`);
  return v as string[];
}

const IMAGE_FORMATS = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' } as const;

export function imageFormat(mediaType: unknown, field: string): 'png' | 'jpeg' | 'gif' | 'webp' {
  const f = typeof mediaType === 'string' ? IMAGE_FORMATS[mediaType as keyof typeof IMAGE_FORMATS] : undefined;
  if (!f) throw new GatewayError('invalid', `${field}: images must be image/png, image/jpeg, image/gif or image/webp.`);
  return f;
}
