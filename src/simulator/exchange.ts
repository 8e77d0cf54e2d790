/**
 * One request/response over HTTP/1.1 or HTTP/2, behind a small interface so the
 * handlers do not care which protocol carried it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as h2constants, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { SimError } from './errors';

export interface Exchange {
  readonly protocol: 'http/1.1' | 'h2';
  readonly method: string;
  /** Path without the query string, still URL-encoded. */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Lower-case names; repeated headers joined with `,`. HTTP/2 pseudo-headers are left out except `:authority` (which SDKs sign), also offered as `host` if absent. */
  readonly headers: Readonly<Record<string, string>>;
  /** Aborts when the client goes away or the simulator closes. */
  readonly signal: AbortSignal;
  /** Reads the whole body; rejects with a 413 error past `limit` bytes (and stops reading). */
  readBody(limit: number): Promise<Uint8Array>;
  /** True once response headers went out. */
  readonly started: boolean;
  respond(status: number, headers: Record<string, string>, body: string | Uint8Array): void;
  startStream(status: number, headers: Record<string, string>): void;
  write(chunk: Uint8Array): void;
  end(): void;
  /** Drops the exchange without a response: RST_STREAM on HTTP/2, a socket reset on HTTP/1.1. */
  reset(): void;
}

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

function normalizeHeaders(raw: Req['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || (name.startsWith(':') && name !== ':authority')) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value);
  }
  const authority = raw[':authority'];
  if (out.host === undefined && typeof authority === 'string') out.host = authority;
  return out;
}

export function createExchange(req: Req, res: Res, closing: AbortSignal): Exchange {
  const h2 = 'stream' in req;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('client closed the connection'));
  // Set once the whole response was handed over; a close before that means the client went away.
  let completed = false;
  res.on('close', () => {
    closing.removeEventListener('abort', abort);
    if (!completed) abort();
  });
  if (closing.aborted) abort();
  else closing.addEventListener('abort', abort, { once: true });
  let tooLarge = false;

  const exchange: Exchange = {
    protocol: h2 ? 'h2' : 'http/1.1',
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: normalizeHeaders(req.headers),
    signal: controller.signal,
    get started() {
      return res.headersSent;
    },
    readBody(limit) {
      const tooBig = () => new SimError('ValidationException', `The request body is larger than the ${limit} bytes the service accepts.`, 413);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        tooLarge = true;
        return Promise.reject(tooBig());
      }
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const onData = (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            tooLarge = true;
            req.off('data', onData);
            req.pause();
            reject(tooBig());
            return;
          }
          chunks.push(chunk);
        };
        req.on('data', onData);
        req.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
        req.once('error', reject);
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
    },
    respond(status, headers, body) {
      if (res.headersSent || res.writableEnded) return;
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const all: Record<string, string | number> = { ...headers, 'content-length': bytes.length };
      if (tooLarge && !h2) all.connection = 'close';
      completed = true;
      res.writeHead(status, all);
      res.end(bytes, () => {
        if (!tooLarge) return;
        // Stop reading the rest of an oversized body.
        if (h2) (req as Http2ServerRequest).stream.close(h2constants.NGHTTP2_NO_ERROR);
        else (req as IncomingMessage).socket.end();
      });
    },
    startStream(status, headers) {
      if (res.headersSent) return;
      res.writeHead(status, headers);
      if (!h2) (res as ServerResponse).flushHeaders();
    },
    write(chunk) {
      if (res.writableEnded || exchange.signal.aborted) return;
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (h2) (res as Http2ServerResponse).write(bytes);
      else (res as ServerResponse).write(bytes);
    },
    end() {
      completed = true;
      if (!res.writableEnded) res.end();
    },
    reset() {
      if (h2) {
        const stream = (req as Http2ServerRequest).stream;
        if (!stream.destroyed) stream.close(h2constants.NGHTTP2_INTERNAL_ERROR);
      } else {
        const socket = (req as IncomingMessage).socket as unknown as { resetAndDestroy?: () => void; destroy: () => void };
        if (socket.resetAndDestroy) socket.resetAndDestroy();
        else socket.destroy();
      }
      abort();
    },
  };
  return exchange;
}
