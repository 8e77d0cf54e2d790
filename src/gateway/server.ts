/**
 * The loopback gateway: Bedrock Runtime (Converse, ConverseStream, InvokeModel,
 * InvokeModelWithResponseStream) and OpenAI Chat Completions in front of the router, on one
 * 127.0.0.1 port that speaks HTTP/2 (the AWS SDK's Bedrock Runtime client uses only HTTP/2)
 * and HTTP/1.1 (fetch-based clients). Every request: no browser Origin, a loopback Host, a
 * known bearer token (which names the workspace, the tenant whose quota it counts against),
 * a bounded body. Then the router serves it, with failover invisible before the first token.
 */
import { Emitter } from '../core/events';
import { type RequestRecord, type Router, RouterError } from '../router';
import { type HttpRequest, type HttpResponse, LOOPBACK_HOST, type LoopbackListener, listenLoopback } from '../wire';
import { BEDROCK_PATH, type BedrockOperation, serveBedrock } from './bedrockHandler';
import { clientName } from './clients';
import { GatewayError, bedrockError, openAiError } from './errors';
import { type Context, type HandlerDeps, send, sendJson } from './exchange';
import { parseJson } from './json';
import { type ModelRoutes, routeForModel, unknownModelMessage } from './modelRoutes';
import { modelList } from './openai';
import { serveChatCompletions } from './openaiHandler';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, bearerToken, fromBrowser, hostAllowed, readBody, tenantForToken } from './security';
import { type ClientTraffic, type GatewayProtocol, type GatewayRequest, TrafficTally } from './traffic';

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

  private readonly deps: HandlerDeps = {
    router: () => this.options.router(),
    body: async (ctx) => parseJson(await readBody(ctx.req, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)),
    resolveRoute: (ctx, modelId) => {
      const config = this.options.router().configuration;
      const route = routeForModel(modelId, config, this.options.models?.() ?? {});
      if (route === undefined) throw new GatewayError('unknown-model', unknownModelMessage(modelId, config));
      ctx.route = route;
      return route;
    },
    finish: (ctx, status, record, message) => this.finish(ctx, status, record, message),
  };

  /** How much faster than real time the router's clock runs (the simulator's time scale; 1 with a real clock). */
  private timeScale(): number {
    const scale = (this.options.router().clock as { scale?: unknown }).scale;
    return typeof scale === 'number' && scale > 0 ? scale : 1;
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
      if (bedrock && req.method === 'POST') return await serveBedrock(this.deps, ctx, decodeURIComponent(bedrock[1]!), bedrock[2] as BedrockOperation);
      if (path === '/v1/chat/completions' && req.method === 'POST') return await serveChatCompletions(this.deps, ctx);
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
      const r = shape(e, this.timeScale());
      send(res, r);
      if (!res.writableEnded) res.end();
      this.finish(ctx, r.status, RouterError.isInstance(e) ? e.record : undefined, e instanceof Error ? e.message : String(e));
    }
  }
}
