/**
 * One loopback TCP port serving cleartext HTTP/2 and HTTP/1.1. The AWS SDK's Bedrock Runtime
 * client speaks only HTTP/2 (a plain `node:http` server fails with ERR_HTTP2_ERROR), while
 * fetch-based clients (the Anthropic and OpenAI SDKs, Claude Code, curl) speak HTTP/1.1; Node
 * offers `allowHTTP1` only over TLS, so each connection's first bytes are compared with the
 * HTTP/2 preface and the socket goes to an `http2` or an `http` server accordingly.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { PrefixedSocket } from './prefixedSocket';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
export const LOOPBACK_HOST = '127.0.0.1';

export type HttpRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type HttpResponse = http.ServerResponse | http2.Http2ServerResponse;

export interface LoopbackListener {
  readonly port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Options of the HTTP/2 server (e.g. `maxSessionMemory`). */
  http2?: http2.ServerOptions;
  /** Errors of the listening socket after it listens. */
  onError?: (err: unknown) => void;
}

export async function listenLoopback(port: number, serve: (req: HttpRequest, res: HttpResponse) => void, options: ListenOptions = {}): Promise<LoopbackListener> {
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  let closing = false;
  const h1 = http.createServer({ requestTimeout: 0, keepAliveTimeout: 5_000 }, serve);
  h1.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  const h2 = http2.createServer(options.http2 ?? {}, serve);
  h2.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  h2.on('sessionError', () => undefined);
  h2.on('stream', (stream) => stream.on('error', () => undefined));

  const detect = (socket: net.Socket) => {
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const n = Math.min(seen.length, PREFACE.length);
      const isH2 = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (isH2 && n < PREFACE.length) return;
      socket.off('data', onData);
      (isH2 ? h2 : h1).emit('connection', new PrefixedSocket(socket, seen));
    };
    socket.on('data', onData);
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (closing) socket.destroy();
    else detect(socket);
  });
  if (options.onError) server.on('error', options.onError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: LOOPBACK_HOST }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('could not determine the listening port');
  return {
    port: address.port,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
      h1.closeAllConnections();
      h1.close(() => undefined);
      h2.close(() => undefined);
      await closed;
    },
  };
}
