/** One request being served: who sent it, for which workspace, and the helpers that answer it. */
import { type RequestRecord, type Router } from '../router';
import { type HttpRequest, type HttpResponse } from '../wire';
import { type ErrorResponse } from './errors';
import { type Json } from './json';
import { type GatewayProtocol } from './traffic';

export interface Context {
  req: HttpRequest;
  res: HttpResponse;
  client: string;
  protocol: GatewayProtocol;
  operation: string;
  tenant: string;
  route?: string;
  signal: AbortSignal;
}

/** What a protocol handler gets from the gateway. */
export interface HandlerDeps {
  router(): Router;
  /** The JSON body, within the size limit. */
  body(ctx: Context): Promise<Json>;
  /** The route serving `modelId` (sets `ctx.route`), or a GatewayError. */
  resolveRoute(ctx: Context, modelId: string): string;
  /** Counts the answered request (per client) and tells listeners. */
  finish(ctx: Context, status: number, record?: RequestRecord, message?: string): void;
}

export function send(res: HttpResponse, r: ErrorResponse): void {
  if (res.headersSent) return;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) });
  res.end(r.body);
}

export function sendJson(res: HttpResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
}

/** Writes and waits for the client to take it (HTTP/1.1 and HTTP/2 responses both signal `drain`). */
export async function write(res: HttpResponse, chunk: Uint8Array | string): Promise<void> {
  if ((res as { write(c: Uint8Array | string): boolean }).write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
