import { type Disposable } from '../core/events';
import { type Router } from '../router';

/**
 * Lets a replaced router finish what it admitted, then calls `close` (its limit store's
 * close): once no request is active and no reservation outstanding. It listens to the
 * router's `onChange`, which fires after every attempt and request ends. Disposing closes at once.
 * No `vscode` import.
 */
export function retireWhenIdle(router: Router, close: () => void): Disposable {
  const idle = () => router.activeRequests === 0 && router.store.outstanding === 0;
  let closed = false;
  let listening: Disposable | undefined;
  const done = () => {
    if (closed) return;
    closed = true;
    listening?.dispose();
    close();
  };
  if (idle()) done();
  else listening = router.onChange(() => idle() && done());
  return { dispose: done };
}
