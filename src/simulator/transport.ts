/**
 * The listening side: one loopback TCP port serving cleartext HTTP/2 and HTTP/1.1.
 * Each connection's first bytes are compared with the HTTP/2 connection preface
 * and the socket is handed to an `http2` or an `http` server accordingly.
 */
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { createExchange, type Exchange } from './exchange';
import { PrefixedSocket } from '../wire/prefixedSocket';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const LOOPBACK = '127.0.0.1';

export interface Transport {
  readonly port: number;
  close(): Promise<void>;
}

export type ExchangeHandler = (exchange: Exchange) => Promise<void>;

export async function listen(port: number, handler: ExchangeHandler, onError: (err: unknown) => void): Promise<Transport> {
  const closing = new AbortController();
  // Every open exchange listens for the simulator closing.
  setMaxListeners(0, closing.signal);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();

  const serve = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => {
    let exchange: Exchange;
    try {
      exchange = createExchange(req, res, closing.signal);
    } catch (err) {
      onError(err);
      res.destroy();
      return;
    }
    handler(exchange).catch(onError);
  };

  const h1 = http.createServer({ requestTimeout: 0, keepAliveTimeout: 5_000 }, serve);
  h1.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  const h2 = http2.createServer({ maxSessionMemory: 64 }, serve);
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
    if (closing.signal.aborted) socket.destroy();
    else detect(socket);
  });
  server.on('error', onError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: LOOPBACK }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('simulator: could not determine the listening port');

  return {
    port: address.port,
    async close() {
      closing.abort(new Error('simulator closed'));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
      h1.closeAllConnections();
      // Never listening themselves, they only need their timers and state cleared.
      h1.close(() => undefined);
      h2.close(() => undefined);
      await closed;
    },
  };
}
