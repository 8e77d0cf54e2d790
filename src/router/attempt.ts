import { formatMs } from '../core/duration';
import { type Clock } from '../core/clock';
import { ProviderError } from '../providers/errors';
import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent } from '../providers/types';

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
  /** Called when the service accepts the request (see `StreamHooks`). */
  onAccepted?: () => void;
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
const cancelled = () => new ProviderError('cancelled', 'The request was cancelled.');

/**
 * Starts one provider call with a time-to-first-token timeout and an overall timeout,
 * both on the injected clock. Resolves once the first token arrives; rejects with a
 * `ProviderError` (kind `timeout` for a hung call, `cancelled` when the caller aborted).
 * A provider that ignores its abort signal cannot hang the router: every read races the abort.
 * This is the router's hot path, so it uses cancellable timers, not AbortControllers, for its deadlines.
 */
export async function openAttempt(o: AttemptOptions): Promise<OpenAttempt> {
  const started = o.clock.now();
  const ac = new AbortController();
  let failure: ProviderError | undefined;
  let rejectRead: ((err: ProviderError) => void) | undefined;
  const abortWith = (err: ProviderError) => {
    if (failure) return;
    failure = err;
    ac.abort(err);
    rejectRead?.(err);
  };
  const onCallerAbort = () => abortWith(new ProviderError('cancelled', 'The request was cancelled.', { cause: o.signal.reason }));
  const where = { region: o.endpoint.region, model: o.endpoint.model };
  const cancelTotal = o.clock.timer(o.totalMs, () => abortWith(new ProviderError('timeout', `${o.targetId} did not finish within ${formatMs(o.totalMs)} (timeouts.totalMs)`, where)));
  let cancelFirstToken: (() => void) | undefined = o.clock.timer(o.firstTokenMs, () =>
    abortWith(new ProviderError('timeout', `${o.targetId} sent no first token within ${formatMs(o.firstTokenMs)} (timeouts.firstTokenMs)`, where)),
  );
  if (o.signal.aborted) onCallerAbort();
  else o.signal.addEventListener('abort', onCallerAbort, { once: true });

  let done = false;
  let closed = false;
  let iterator: AsyncIterator<StreamEvent> | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    cancelTotal();
    cancelFirstToken?.();
    o.signal.removeEventListener('abort', onCallerAbort);
    if (!done) {
      done = true;
      if (!failure) ac.abort(cancelled());
      iterator?.return?.().catch(() => {});
    }
  };
  const read = (): Promise<IteratorResult<StreamEvent>> =>
    new Promise<IteratorResult<StreamEvent>>((resolve, reject) => {
      if (failure) return reject(failure);
      rejectRead = reject;
      iterator!.next().then(resolve, (err: unknown) => {
        reject(failure ?? (ProviderError.isInstance(err) ? err : new ProviderError('unknown', err instanceof Error ? err.message : String(err), { cause: err })));
      });
    }).then(
      (r) => {
        rejectRead = undefined;
        if (r.done) done = true;
        return r;
      },
      (err: ProviderError) => {
        rejectRead = undefined;
        done = true;
        throw err;
      },
    );

  try {
    if (failure) throw failure;
    iterator = o.provider.stream(o.endpoint, o.request, ac.signal, o.onAccepted ? { onAccepted: o.onAccepted } : undefined)[Symbol.asyncIterator]();
    const head: StreamEvent[] = [];
    for (;;) {
      const r = await read();
      if (r.done) break;
      head.push(r.value);
      if (isContent(r.value)) break;
    }
    cancelFirstToken();
    cancelFirstToken = undefined;
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
