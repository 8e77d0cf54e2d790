import { type Router } from '../router';

/** How often a replaced router looks whether its last request has finished. */
const POLL_MS = 250;

/**
 * Lets a replaced router finish what it admitted, then calls `close` (its limit store's
 * close): once no request is active and no reservation outstanding. Disposing closes at once.
 * No `vscode` import.
 */
export function retireWhenIdle(router: Router, close: () => void): { dispose(): void } {
  const idle = () => router.activeRequests === 0 && router.store.outstanding === 0;
  let closed = false;
  const done = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    close();
  };
  const timer = setInterval(() => idle() && done(), POLL_MS);
  if (idle()) done();
  return { dispose: done };
}
