/**
 * What keeps the gateway for this machine's tools only: a loopback Host (no DNS rebinding),
 * no browser Origin (no CORS: a web page must never reach it), a bearer token compared in
 * constant time, and a body size limit.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type HttpRequest } from '../wire';

/** Bodies beyond this are refused (413). Claude Code's long agent turns with tool results stay well below it. */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

/** A new random token: 32 bytes, URL-safe. */
export function newToken(): string {
  return `rllm-${randomBytes(32).toString('base64url')}`;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * The tenant whose token `presented` is, if any. Every token is compared, in constant time
 * (digests of equal length through `timingSafeEqual`), so timing tells nothing about which
 * or how much of a token matched.
 */
export function tenantForToken(presented: string | undefined, tokens: ReadonlyMap<string, string>): string | undefined {
  if (presented === undefined) return undefined;
  const p = digest(presented);
  let found: string | undefined;
  for (const [token, tenant] of tokens) if (timingSafeEqual(p, digest(token)) && found === undefined) found = tenant;
  return found;
}

/** The token of `Authorization: Bearer TOKEN`. */
export function bearerToken(req: HttpRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/** The Host (HTTP/1.1) or :authority (HTTP/2) the client addressed. */
function authority(req: HttpRequest): string | undefined {
  const h2 = (req.headers as Record<string, string | string[] | undefined>)[':authority'];
  const v = typeof h2 === 'string' ? h2 : req.headers.host;
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}

/** Whether the request addressed this loopback listener by address and port (a rebound DNS name would not). */
export function hostAllowed(req: HttpRequest, port: number): boolean {
  const host = authority(req);
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/** Browsers send `Origin` on cross-origin and on every POST; command-line clients and SDKs never do. */
export function fromBrowser(req: HttpRequest): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== '';
}

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads the body, refusing more than `limit` bytes (by Content-Length up front, or as it arrives). */
export async function readBody(req: HttpRequest, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`The request body is ${declared} bytes; the gateway accepts at most ${limit}.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`The request body is over ${limit} bytes, the most the gateway accepts.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
