import { type Clock } from '../core/clock';
import { ProviderError } from '../providers/errors';
import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent } from '../providers/types';
import { formatMs } from './health';

export interface AttemptOptions {
  provider: ModelProvider;
  endpoint: Endpoint;
  targetId: string;
  request: ModelRequest;
  clock: Clock;
  /** The caller's signal: aborting it cancels the attempt. */
  signal: AbortSignal;
  firstTokenMs: number;
  totalMs: number;
}

/** An attempt that has produced its first token: from here on the caller sees its output. */
export interface OpenAttempt {
  /** Events up to and including the first content event. */
  readonly head: StreamEvent[];
  readonly ttftMs: number;
  /** The rest of the stream. Errors are `ProviderError`s (timeouts and cancellation included). */
  rest(): AsyncGenerator<StreamEvent>;
  /** Stops timers and, if the stream is not done, aborts the call. Idempotent. */
  close(): void;
}

const isContent = (e: StreamEvent) => e.type === 'text' || e.type === 'reasoning' || e.type === 'toolUse' || e.type === 'stop';

/**
 * Starts one provider call with a time-to-first-token timeout and an overall timeout,
 * both on the injected clock. Resolves once the first token arrives; rejects with a
 * `ProviderError` (kind `timeout` for a hung call, `cancelled` when the caller aborted).
 * A provider that ignores its abort signal cannot hang the router: every read races the abort.
 */
export async function openAttempt(o: AttemptOptions): Promise<OpenAttempt> {
  const started = o.clock.now();
  const ac = new AbortController();
  const timers = new AbortController();
  const firstTokenTimer = new AbortController();
  let failure: ProviderError | undefined;
  const abortWith = (err: ProviderError) => {
    if (ac.signal.aborted) return;
    failure = err;
    ac.abort(err);
  };
  const onCallerAbort = () => abortWith(new ProviderError('cancelled', 'The request was cancelled.', { cause: o.signal.reason }));
  if (o.signal.aborted) onCallerAbort();
  else o.signal.addEventListener('abort', onCallerAbort, { once: true });
  const noop = () => {};
  o.clock.sleep(o.totalMs, timers.signal).then(() => abortWith(new ProviderError('timeout', `${o.targetId} did not finish within ${formatMs(o.totalMs)} (timeouts.totalMs)`, { region: o.endpoint.region, model: o.endpoint.model })), noop);
  o.clock.sleep(o.firstTokenMs, AbortSignal.any([timers.signal, firstTokenTimer.signal])).then(
    () => abortWith(new ProviderError('timeout', `${o.targetId} sent no first token within ${formatMs(o.firstTokenMs)} (timeouts.firstTokenMs)`, { region: o.endpoint.region, model: o.endpoint.model })),
    noop,
  );
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(failure ?? new ProviderError('cancelled', 'The request was cancelled.'));
    if (ac.signal.aborted) fail();
    else ac.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(noop);

  let done = false;
  let iterator: AsyncIterator<StreamEvent> | undefined;
  const close = () => {
    timers.abort();
    o.signal.removeEventListener('abort', onCallerAbort);
    if (!done) {
      done = true;
      if (!ac.signal.aborted) ac.abort(new ProviderError('cancelled', 'The attempt was closed.'));
      iterator?.return?.().catch(noop);
    }
  };
  const read = async (): Promise<IteratorResult<StreamEvent>> => {
    try {
      const result = await Promise.race([iterator!.next(), aborted]);
      if (result.done) done = true;
      return result;
    } catch (err) {
      done = true;
      if (failure) throw failure;
      throw ProviderError.isInstance(err) ? err : new ProviderError('unknown', err instanceof Error ? err.message : String(err), { cause: err });
    }
  };

  try {
    if (ac.signal.aborted) throw failure ?? new ProviderError('cancelled', 'The request was cancelled.');
    iterator = o.provider.stream(o.endpoint, o.request, ac.signal)[Symbol.asyncIterator]();
    const head: StreamEvent[] = [];
    for (;;) {
      const r = await read();
      if (r.done) break;
      head.push(r.value);
      if (isContent(r.value)) break;
    }
    firstTokenTimer.abort();
    const ttftMs = o.clock.now() - started;
    return {
      head,
      ttftMs,
      close,
      async *rest() {
        try {
          while (!done) {
            const r = await read();
            if (r.done) break;
            yield r.value;
          }
        } finally {
          close();
        }
      },
    };
  } catch (err) {
    close();
    throw err;
  }
}
