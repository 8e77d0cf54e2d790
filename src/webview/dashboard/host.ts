import type { DashboardState, ReplyMessage, RequestMethod, RequestParams, RequestResult, WebviewMessage } from '../protocol';

/** What VS Code gives a webview's script: the channel to the extension and a place for state. */
interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: DashboardState): void;
}

const api = (globalThis as unknown as { acquireVsCodeApi(): VsCodeApi }).acquireVsCodeApi();

export const post = (message: WebviewMessage) => api.postMessage(message);
export const loadState = (): unknown => api.getState();
export const saveState = (state: DashboardState) => api.setState(state);

const pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
let nextId = 1;

/** Sends a request to the extension; resolves with its reply (matched by id). */
export function request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
  const id = nextId++;
  return new Promise<RequestResult<M>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
    post({ type: 'request', id, method, params } as WebviewMessage);
  });
}

/** Settles the request a reply answers. */
export function settle(reply: ReplyMessage): void {
  const p = pending.get(reply.id);
  if (!p) return;
  pending.delete(reply.id);
  if (reply.ok) p.resolve(reply.result);
  else p.reject(new Error(reply.error));
}
