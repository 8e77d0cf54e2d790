/**
 * The loopback gateway: Bedrock Runtime (Converse, ConverseStream, InvokeModel,
 * InvokeModelWithResponseStream) and OpenAI Chat Completions in front of the router, on one
 * 127.0.0.1 port that speaks HTTP/2 (the AWS SDK's Bedrock Runtime client uses only HTTP/2)
 * and HTTP/1.1 (fetch-based clients). Every request: no browser Origin, a loopback Host, a
 * known bearer token (which names the workspace, the tenant whose quota it counts against),
 * a bounded body. Then the router serves it, with failover invisible before the first token.
 */
import { randomUUID } from 'node:crypto';
import { Emitter } from '../core/events';
import { type RequestRecord, type Router, RouterError } from '../router';
import { type HttpRequest, type HttpResponse, LOOPBACK_HOST, type LoopbackListener, bedrockErrorResponse, chunkFrame, EVENT_STREAM_CONTENT_TYPE, exceptionFrame, listenLoopback, streamExceptionType } from '../wire';
import { anthropicResponse, anthropicStreamEncoder, anthropicToRequest } from './anthropic';
import { clientName } from './clients';
import { converseResponse, converseStreamEncoder, converseToRequest } from './converse';
import { type ErrorResponse, GatewayError, bedrockCodeOf, bedrockError, openAiError } from './errors';
import { type Json, isObject, parseJson } from './json';
import { type ModelRoutes, routeForModel, unknownModelMessage } from './modelRoutes';
import { modelList, openAiResponse, openAiStreamEncoder, openAiToRequest } from './openai';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, bearerToken, fromBrowser, hostAllowed, readBody, tenantForToken } from './security';
import { type ClientTraffic, type GatewayProtocol, type GatewayRequest, TrafficTally } from './traffic';
import { collectTurn, openTurn } from './turn';

export interface GatewayOptions {
  /** The router serving requests now (the extension may replace it). */
  router: () => Router;
  /** Token -> tenant (workspace). Read on every request, so tokens can change live. */
  tokens: () => ReadonlyMap<string, string>;
  /** `resilientLlm.gateway.models`: model or inference-profile ids -> route names. */
  models?: () => ModelRoutes;
  /** 0 or absent: any free port. */
  port?: number;
  maxBodyBytes?: number;
}

const BEDROCK_PATH = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;
type BedrockOperation = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';

interface Context {
  req: HttpRequest;
  res: HttpResponse;
  client: string;
  protocol: GatewayProtocol;
  operation: string;
  tenant: string;
  route?: string;
  signal: AbortSignal;
}

function send(res: HttpResponse, r: ErrorResponse): void {
  if (res.headersSent) return;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) });
  res.end(r.body);
}

function sendJson(res: HttpResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
}

/** Writes and waits for the client to take it (HTTP/1.1 and HTTP/2 responses both signal `drain`). */
async function write(res: HttpResponse, chunk: Uint8Array | string): Promise<void> {
  if ((res as { write(c: Uint8Array | string): boolean }).write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export class Gateway {
  private readonly tally = new TrafficTally();
  private readonly requestEmitter = new Emitter<GatewayRequest>();
  /** Fires when the gateway answered a request (served or refused). */
  readonly onRequest = this.requestEmitter.event;

  private constructor(
    private readonly options: GatewayOptions,
    private readonly listener: LoopbackListener,
  ) {}

  static async start(options: GatewayOptions): Promise<Gateway> {
    const ready: { gateway?: Gateway } = {};
    const listener = await listenLoopback(options.port ?? 0, (req, res) => void ready.gateway?.handle(req, res));
    ready.gateway = new Gateway(options, listener);
    return ready.gateway;
  }

  get port(): number {
    return this.listener.port;
  }

  get endpoint(): string {
    return `http://${LOOPBACK_HOST}:${this.listener.port}`;
  }

  /** Requests per client (from its User-Agent), most active first. */
  clients(): ClientTraffic[] {
    return this.tally.clients();
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  private finish(ctx: Context, status: number, record?: RequestRecord, message?: string): void {
    const r: GatewayRequest = { client: ctx.client, protocol: ctx.protocol, operation: ctx.operation, tenant: ctx.tenant, route: ctx.route, status, record, message, at: Date.now() };
    this.tally.add(r);
    this.requestEmitter.fire(r);
  }

  private async handle(req: HttpRequest, res: HttpResponse): Promise<void> {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const protocol: GatewayProtocol = path.startsWith('/v1/') ? 'openai' : 'bedrock';
    const shape = protocol === 'openai' ? openAiError : bedrockError;
    const ctx: Context = { req, res, client: clientName(req.headers['user-agent']), protocol, operation: `${req.method ?? ''} ${path}`, tenant: '', signal: abort.signal };
    try {
      // Refusals first, cheapest first, and before reading a byte of the body.
      if (fromBrowser(req)) throw new GatewayError('browser', 'The gateway does not serve web pages: requests with an Origin header are refused.');
      if (!hostAllowed(req, this.port)) throw new GatewayError('host', `The gateway serves only requests addressed to ${LOOPBACK_HOST}:${this.port}.`);
      const tenant = tenantForToken(bearerToken(req), this.options.tokens());
      if (tenant === undefined) {
        throw new GatewayError('unauthorized', protocol === 'openai' ? 'Incorrect API key provided. Use the gateway token (OPENAI_API_KEY from the Resilient LLM gateway settings).' : 'The security token included in the request is invalid. Send the gateway token as a bearer token (AWS_BEARER_TOKEN_BEDROCK).');
      }
      ctx.tenant = tenant;
      const bedrock = BEDROCK_PATH.exec(path);
      if (bedrock && req.method === 'POST') return await this.bedrock(ctx, decodeURIComponent(bedrock[1]!), bedrock[2] as BedrockOperation);
      if (path === '/v1/chat/completions' && req.method === 'POST') return await this.chatCompletions(ctx);
      if (path === '/v1/models' && req.method === 'GET') {
        sendJson(res, 200, modelList(this.options.router().configuration, Math.floor(Date.now() / 1000)));
        return this.finish(ctx, 200);
      }
      if (path === '/inference-profiles' && req.method === 'GET') {
        // Claude Code lists inference profiles (Bedrock's ListInferenceProfiles) at its base URL before its first call. The
        // gateway has none of its own: model ids and route names reach routes directly. An empty page, as the API answers an account without any.
        sendJson(res, 200, { inferenceProfileSummaries: [] });
        return this.finish(ctx, 200);
      }
      throw new GatewayError('not-found', `The gateway has no ${req.method} ${path}. It serves POST /model/{modelId}/converse, /converse-stream, /invoke, /invoke-with-response-stream, POST /v1/chat/completions and GET /v1/models.`);
    } catch (err) {
      const e = err instanceof BodyTooLargeError ? new GatewayError('too-large', err.message) : err;
      const r = shape(e);
      send(res, r);
      if (!res.writableEnded) res.end();
      this.finish(ctx, r.status, RouterError.isInstance(e) ? e.record : undefined, e instanceof Error ? e.message : String(e));
    }
  }

  private async body(ctx: Context): Promise<Json> {
    return parseJson(await readBody(ctx.req, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  }

  private resolveRoute(ctx: Context, modelId: string): string {
    const config = this.options.router().configuration;
    const route = routeForModel(modelId, config, this.options.models?.() ?? {});
    if (route === undefined) throw new GatewayError('unknown-model', unknownModelMessage(modelId, config));
    ctx.route = route;
    return route;
  }

  private async bedrock(ctx: Context, modelId: string, op: BedrockOperation): Promise<void> {
    ctx.operation = op;
    const body = await this.body(ctx);
    const route = this.resolveRoute(ctx, modelId);
    const invoke = op === 'invoke' || op === 'invoke-with-response-stream';
    if (invoke && body.anthropic_version === undefined) {
      throw new GatewayError('invalid', 'The gateway\u2019s InvokeModel takes the Anthropic Messages body (with anthropic_version). For other model families use Converse or ConverseStream.');
    }
    const request = invoke ? anthropicToRequest(body) : converseToRequest(body);
    const router = this.options.router();
    const requestId = randomUUID();
    const turn = await openTurn(router, { route, tenant: ctx.tenant, client: ctx.client, request, signal: ctx.signal });
    const common = { 'x-amzn-requestid': requestId };
    if (op === 'converse' || op === 'invoke') {
      const t = await collectTurn(turn);
      const json = op === 'converse' ? converseResponse(t) : anthropicResponse(t, modelId, requestId);
      const headers: Record<string, string> = op === 'invoke' ? { ...common, 'x-amzn-bedrock-input-token-count': String(t.usage.inputTokens), 'x-amzn-bedrock-output-token-count': String(t.usage.outputTokens) } : common;
      sendJson(ctx.res, 200, json, headers);
      return this.finish(ctx, 200, t.record);
    }
    ctx.res.writeHead(200, { 'content-type': EVENT_STREAM_CONTENT_TYPE, ...common });
    let record: RequestRecord | undefined;
    try {
      if (op === 'converse-stream') {
        const enc = converseStreamEncoder();
        for (const f of enc.start()) await write(ctx.res, f);
        for await (const e of turn) {
          if (e.type === 'record') record = e.record;
          for (const f of enc.event(e)) await write(ctx.res, f);
        }
        for (const f of enc.finish()) await write(ctx.res, f);
      } else {
        const enc = anthropicStreamEncoder(modelId, requestId, request);
        for (const a of enc.start()) await write(ctx.res, chunkFrame(a));
        for await (const e of turn) {
          if (e.type === 'record') record = e.record;
          for (const a of enc.event(e)) await write(ctx.res, chunkFrame(a));
        }
        for (const a of enc.finish()) await write(ctx.res, chunkFrame(a));
      }
      ctx.res.end();
      this.finish(ctx, 200, record);
    } catch (err) {
      // After the first token a failure cannot be hidden: it ends the stream as Bedrock does, with an exception frame.
      const code = RouterError.isInstance(err) ? bedrockCodeOf(err) : 'InternalServerException';
      const message = err instanceof Error ? err.message : String(err);
      if (!ctx.res.writableEnded) ctx.res.end(exceptionFrame(streamExceptionType(code), message));
      this.finish(ctx, bedrockErrorResponse(code, message).status, RouterError.isInstance(err) ? err.record : record, message);
    }
  }

  private async chatCompletions(ctx: Context): Promise<void> {
    ctx.operation = 'chat.completions';
    const body = await this.body(ctx);
    if (typeof body.model !== 'string' || body.model === '') throw new GatewayError('invalid', 'model is required: a route name (GET /v1/models lists them).');
    const route = this.resolveRoute(ctx, body.model);
    const request = openAiToRequest(body);
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);
    const turn = await openTurn(this.options.router(), { route, tenant: ctx.tenant, client: ctx.client, request, signal: ctx.signal });
    if (body.stream !== true) {
      const t = await collectTurn(turn);
      sendJson(ctx.res, 200, openAiResponse(t, body.model, id, created));
      return this.finish(ctx, 200, t.record);
    }
    const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
    const enc = openAiStreamEncoder(body.model, id, created, includeUsage);
    ctx.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const sse = (v: unknown) => write(ctx.res, `data: ${JSON.stringify(v)}\n\n`);
    let record: RequestRecord | undefined;
    try {
      for (const c of enc.start()) await sse(c);
      for await (const e of turn) {
        if (e.type === 'record') record = e.record;
        for (const c of enc.event(e)) await sse(c);
      }
      for (const c of enc.finish()) await sse(c);
      await write(ctx.res, 'data: [DONE]\n\n');
      ctx.res.end();
      this.finish(ctx, 200, record);
    } catch (err) {
      const r = openAiError(err);
      if (!ctx.res.writableEnded) ctx.res.end(`data: ${r.body}\n\n`);
      this.finish(ctx, r.status, RouterError.isInstance(err) ? err.record : record, err instanceof Error ? err.message : String(err));
    }
  }
}
