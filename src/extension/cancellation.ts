import type * as vscode from 'vscode';

/** An AbortSignal that aborts when `token` is cancelled, for the router and the SDK. Dispose it when the request ends. */
export function abortSignalFor(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}
