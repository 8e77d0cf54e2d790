/**
 * Time for the router and the simulator. Everything that waits or measures goes
 * through a Clock, so tests and scaled demos can run minutes of traffic in seconds.
 *
 * - `SystemClock`: real time.
 * - `ScaledClock`: simulated time runs `scale` times faster than real time
 *   (scale 60 = one simulated minute per real second). Sleeps are real timers of
 *   `ms / scale`, so the real SDK and real sockets keep working underneath.
 * - `ManualClock`: time moves only when a test calls `advance`.
 */
export interface Clock {
  /** Milliseconds since the epoch, in this clock's (possibly simulated) time. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with an AbortError if `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fn` once after `ms` of this clock's time, unless the returned function is
   * called first. Cheaper than an aborted `sleep` on hot paths (no AbortController).
   */
  timer(ms: number, fn: () => void): () => void;
  /** How many simulated milliseconds pass per real millisecond (1 for real time). */
  readonly scale: number;
}

function realTimer(realMs: number, fn: () => void): () => void {
  const t = setTimeout(fn, Math.max(0, realMs));
  return () => clearTimeout(t);
}

export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

function realSleep(realMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, realMs));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class SystemClock implements Clock {
  readonly scale = 1;
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realSleep(ms, signal);
  }
  timer(ms: number, fn: () => void): () => void {
    return realTimer(ms, fn);
  }
}

export class ScaledClock implements Clock {
  private readonly realStart = performance.now();
  constructor(
    readonly scale: number,
    private readonly epoch: number = Date.now(),
  ) {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`time scale must be a positive number, got ${scale}`);
  }
  now(): number {
    return this.epoch + (performance.now() - this.realStart) * this.scale;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realSleep(ms / this.scale, signal);
  }
  timer(ms: number, fn: () => void): () => void {
    return realTimer(ms / this.scale, fn);
  }
}

interface ManualTimer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class ManualClock implements Clock {
  readonly scale = 1;
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];
  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const timer: ManualTimer = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }
  timer(ms: number, fn: () => void): () => void {
    const timer: ManualTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, resolve: fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
  /** Number of sleeps and timers waiting on this clock. */
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time forward by `ms`, firing due sleeps in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }
}

/** Lets pending promise continuations run (several turns, since chains are common). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}
