/**
 * The listening side: one loopback TCP port serving cleartext HTTP/2 and HTTP/1.1 (the
 * shared listener in src/wire, which the gateway uses too). Each request becomes an
 * Exchange that knows when the simulator closes.
 */
import { setMaxListeners } from 'node:events';
import { listenLoopback } from '../wire';
import { createExchange, type Exchange } from './exchange';

export interface Transport {
  readonly port: number;
  close(): Promise<void>;
}

export type ExchangeHandler = (exchange: Exchange) => Promise<void>;

export async function listen(port: number, handler: ExchangeHandler, onError: (err: unknown) => void): Promise<Transport> {
  const closing = new AbortController();
  // Every open exchange listens for the simulator closing.
  setMaxListeners(0, closing.signal);
  const listener = await listenLoopback(
    port,
    (req, res) => {
      let exchange: Exchange;
      try {
        exchange = createExchange(req, res, closing.signal);
      } catch (err) {
        onError(err);
        res.destroy();
        return;
      }
      handler(exchange).catch(onError);
    },
    { http2: { maxSessionMemory: 64 }, onError },
  );
  return {
    port: listener.port,
    async close() {
      closing.abort(new Error('simulator closed'));
      await listener.close();
    },
  };
}
