/**
 * Coalesces bursts: the first call runs `fn` at once, calls within `intervalMs` after it run
 * it once more at the end of the interval. The router fires per attempt (hundreds a second
 * under load); the dashboard and status bar need a few updates a second.
 */
export interface Throttled {
  (): void;
  /** Runs a pending call now. */
  flush(): void;
  /** Drops a pending call and stops the timer. */
  dispose(): void;
}

export function throttle(fn: () => void, intervalMs: number): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const call = (() => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  call.flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    run();
  };
  call.dispose = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return call;
}
