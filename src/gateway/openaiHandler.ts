/** OpenAI's `POST /v1/chat/completions` in front of the router: a whole answer, or server-sent events. */
import { randomUUID } from 'node:crypto';
import { type RequestRecord, RouterError } from '../router';
import { GatewayError, openAiError } from './errors';
import { type Context, type HandlerDeps, sendJson, write } from './exchange';
import { isObject } from './json';
import { openAiResponse, openAiStreamEncoder, openAiToRequest } from './openai';
import { collectTurn, openTurn } from './turn';

export async function serveChatCompletions(deps: HandlerDeps, ctx: Context): Promise<void> {
  ctx.operation = 'chat.completions';
  const body = await deps.body(ctx);
  if (typeof body.model !== 'string' || body.model === '') throw new GatewayError('invalid', 'model is required: a route name (GET /v1/models lists them).');
  const route = deps.resolveRoute(ctx, body.model);
  const request = openAiToRequest(body);
  const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
  const created = Math.floor(Date.now() / 1000);
  const turn = await openTurn(deps.router(), { route, tenant: ctx.tenant, client: ctx.client, request, signal: ctx.signal });
  if (body.stream !== true) {
    const t = await collectTurn(turn);
    sendJson(ctx.res, 200, openAiResponse(t, body.model, id, created));
    return deps.finish(ctx, 200, t.record);
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
    deps.finish(ctx, 200, record);
  } catch (err) {
    const r = openAiError(err);
    if (!ctx.res.writableEnded) ctx.res.end(`data: ${r.body}\n\n`);
    deps.finish(ctx, r.status, RouterError.isInstance(err) ? err.record : record, err instanceof Error ? err.message : String(err));
  }
}
