/**
 * Bedrock Runtime's four operations in front of the router: Converse and ConverseStream in
 * their own shapes, InvokeModel and InvokeModelWithResponseStream with the Anthropic Messages
 * body (Anthropic's stream events inside `chunk` frames).
 */
import { randomUUID } from 'node:crypto';
import { type RequestRecord, RouterError } from '../router';
import { EVENT_STREAM_CONTENT_TYPE, bedrockErrorResponse, chunkFrame, exceptionFrame, streamExceptionType } from '../wire';
import { anthropicResponse, anthropicStreamEncoder, anthropicToRequest } from './anthropic';
import { converseResponse, converseStreamEncoder, converseToRequest } from './converse';
import { bedrockCodeOf, GatewayError } from './errors';
import { type Context, type HandlerDeps, sendJson, write } from './exchange';
import { collectTurn, openTurn } from './turn';

export const BEDROCK_PATH = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;
export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';

export async function serveBedrock(deps: HandlerDeps, ctx: Context, modelId: string, op: BedrockOperation): Promise<void> {
  ctx.operation = op;
  const body = await deps.body(ctx);
  const route = deps.resolveRoute(ctx, modelId);
  const invoke = op === 'invoke' || op === 'invoke-with-response-stream';
  if (invoke && body.anthropic_version === undefined) {
    throw new GatewayError('invalid', 'The gateway\u2019s InvokeModel takes the Anthropic Messages body (with anthropic_version). For other model families use Converse or ConverseStream.');
  }
  const request = invoke ? anthropicToRequest(body) : converseToRequest(body);
  const router = deps.router();
  const requestId = randomUUID();
  const turn = await openTurn(router, { route, tenant: ctx.tenant, client: ctx.client, request, signal: ctx.signal });
  const common = { 'x-amzn-requestid': requestId };
  if (op === 'converse' || op === 'invoke') {
    const t = await collectTurn(turn);
    const json = op === 'converse' ? converseResponse(t) : anthropicResponse(t, modelId, requestId);
    const headers: Record<string, string> = op === 'invoke' ? { ...common, 'x-amzn-bedrock-input-token-count': String(t.usage.inputTokens), 'x-amzn-bedrock-output-token-count': String(t.usage.outputTokens) } : common;
    sendJson(ctx.res, 200, json, headers);
    return deps.finish(ctx, 200, t.record);
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
    deps.finish(ctx, 200, record);
  } catch (err) {
    // After the first token a failure cannot be hidden: it ends the stream as Bedrock does, with an exception frame.
    const code = RouterError.isInstance(err) ? bedrockCodeOf(err) : 'InternalServerException';
    const message = err instanceof Error ? err.message : String(err);
    if (!ctx.res.writableEnded) ctx.res.end(exceptionFrame(streamExceptionType(code), message));
    deps.finish(ctx, bedrockErrorResponse(code, message).status, RouterError.isInstance(err) ? err.record : record, message);
  }
}
