/**
 * The dashboard's messages, typed once for both sides: the extension host
 * (src/extension/dashboard) and the webview's own script (src/webview/dashboard). No
 * `vscode` import and only type imports from the layers below, so the webview bundle
 * stays small and host-free.
 *
 * The conversation:
 * 1. The webview loads, renders what `getState()` kept (the panel survives a reload) and
 *    posts `ready`. The host posts nothing before that, and again waits for `ready` after
 *    the webview was hidden (without `retainContextWhenHidden` a hidden webview is gone).
 * 2. The host answers `ready` with `demos` and `router`, then posts `router` as requests
 *    complete (at most a few times a second), `demos` after every demo run, and
 *    `demoProgress` while a demo started from the dashboard runs.
 * 3. Buttons send `request`s with an id; the host answers each with a `reply` carrying
 *    the same id.
 */
import { type DemoLine, type DemoResult, PATTERNS, type Pattern } from '../demos/types';
import type { ClientTraffic } from '../gateway/traffic';
import type { LimitMode, PoolSnapshot, RequestRecord, TargetSnapshot, TenantSnapshot } from '../router';

export const DASHBOARD_VIEW_TYPE = 'resilientLlm.dashboard';

/** The demos the dashboard can run: one pattern, or all five. */
export type DemoChoice = Pattern | 'all';

export function isDemoChoice(value: unknown): value is DemoChoice {
  return value === 'all' || (PATTERNS as readonly unknown[]).includes(value);
}

/** A demo result as the dashboard shows it: everything but the per-request log. */
export type DemoResultView = Omit<DemoResult, 'lines'>;

export interface RouteView {
  name: string;
  strategy: string;
  targets: string[];
  fallbacks: string[];
  description?: string;
  /** What the route's answers cost, and what they would have cost on its most expensive target (absent in older states). */
  cost?: { served: number; costUsd: number; baselineCostUsd: number };
}

/** Where the limits live: this window, or Redis shared by several windows and machines. */
export interface LimitsView {
  mode: LimitMode;
  /** Windows (processes) sharing the limits through Redis; 1 in-process. */
  processes: number;
  /** The Redis in use, without user name or password. */
  redis?: string;
  /** The last move between Redis and this window, as logged. */
  message?: string;
}

/** The router's live state, as plain data. Profile names appear; credentials never do. */
export interface RouterView {
  /** Router clock time of the snapshot (ms since the epoch). */
  at: number;
  /** The tenant (workspace) this window's requests count against. */
  tenant: string;
  mode: 'simulated' | 'aws';
  /** Where the limits (and the usage shown) live; absent while no router exists. */
  limits?: LimitsView;
  /** Why the router cannot serve (invalid settings and no earlier valid ones). */
  unavailable?: string;
  /** Settings problems, as sentences (the last good configuration may still serve). */
  problems: string[];
  defaultRoute: string;
  routes: RouteView[];
  targets: TargetSnapshot[];
  /** Bedrock's quota pools, in tokens per minute (after burndown) and tokens today. */
  pools: PoolSnapshot[];
  tenants: TenantSnapshot[];
  totals: { requests: number; succeeded: number; rateLimited: number; failed: number; cancelled: number; providerThrottles: number };
  /** Newest first, a bounded number. */
  recent: RequestRecord[];
  /** The loopback gateway and the clients that used it; absent while it is not running. */
  gateway?: GatewayView;
}

/** The gateway's endpoint (never its token) and its traffic per client. */
export interface GatewayView {
  endpoint: string;
  clients: ClientTraffic[];
}

/** What `ask` answers: the model's text and how the router served it. */
export interface AskAnswer {
  text: string;
  /** "sonnet-a (model · profile · Region), 1 attempt". */
  servedBy: string;
  recordId: string;
}

/** Requests the webview makes, by method: what each takes and what its reply carries. */
export interface DashboardRequests {
  runDemo: { params: { pattern: DemoChoice }; result: { results: number } };
  resetStatistics: { params: Record<string, never>; result: { reset: boolean } };
  openSettings: { params: Record<string, never>; result: { opened: boolean } };
  /** Sends one prompt through the shared router (the workspace's quota applies). */
  ask: { params: { route: string; prompt: string }; result: AskAnswer };
}
export type RequestMethod = keyof DashboardRequests;
export type RequestParams<M extends RequestMethod> = DashboardRequests[M]['params'];
export type RequestResult<M extends RequestMethod> = DashboardRequests[M]['result'];

export type RequestMessage = { [M in RequestMethod]: { type: 'request'; id: number; method: M; params: RequestParams<M> } }[RequestMethod];

/** Messages from the webview to the host. */
export type WebviewMessage = { type: 'ready' } | RequestMessage;

export type ReplyMessage = { type: 'reply'; id: number; ok: true; result: RequestResult<RequestMethod> } | { type: 'reply'; id: number; ok: false; error: string };

/** Messages from the host to the webview. */
export type HostMessage =
  | { type: 'router'; view: RouterView }
  | { type: 'demos'; results: DemoResultView[] }
  | { type: 'demoProgress'; choice: DemoChoice; pattern: Pattern; completed: number; line: DemoLine }
  | ReplyMessage;

/** What the webview keeps with `setState` (and the serializer hands back after a reload). */
export interface DashboardState {
  version: 1;
  demos: DemoResultView[];
  router?: RouterView;
  /** Recent requests the reader expanded. */
  open: string[];
  ask?: { route: string; prompt: string; answer?: AskAnswer; error?: string };
}

export const MAX_PROMPT_LENGTH = 4000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a message from the webview before the host acts on it: the webview is ours, but
 * a message is data, and a wrong one should be dropped rather than half-handled.
 */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (!isRecord(data)) return undefined;
  if (data.type === 'ready') return { type: 'ready' };
  if (data.type !== 'request' || typeof data.id !== 'number' || !Number.isSafeInteger(data.id) || !isRecord(data.params)) return undefined;
  const { id, params } = data;
  switch (data.method) {
    case 'runDemo':
      return isDemoChoice(params.pattern) ? { type: 'request', id, method: 'runDemo', params: { pattern: params.pattern } } : undefined;
    case 'resetStatistics':
      return { type: 'request', id, method: 'resetStatistics', params: {} };
    case 'openSettings':
      return { type: 'request', id, method: 'openSettings', params: {} };
    case 'ask':
      return typeof params.route === 'string' && typeof params.prompt === 'string' && params.prompt.trim() !== '' && params.prompt.length <= MAX_PROMPT_LENGTH
        ? { type: 'request', id, method: 'ask', params: { route: params.route, prompt: params.prompt } }
        : undefined;
    default:
      return undefined;
  }
}

/** Reads a saved state, keeping only what this version understands. */
export function parseDashboardState(data: unknown): DashboardState | undefined {
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.demos)) return undefined;
  const demos = data.demos.filter((d): d is DemoResultView => isRecord(d) && (PATTERNS as readonly unknown[]).includes(d.pattern) && Array.isArray(d.distributions) && Array.isArray(d.tables));
  const open = Array.isArray(data.open) ? data.open.filter((s): s is string => typeof s === 'string') : [];
  const router = isRecord(data.router) && Array.isArray(data.router.targets) && Array.isArray(data.router.recent) ? (data.router as unknown as RouterView) : undefined;
  const ask = isRecord(data.ask) && typeof data.ask.route === 'string' && typeof data.ask.prompt === 'string' ? (data.ask as DashboardState['ask']) : undefined;
  return { version: 1, demos, router, open, ask };
}
