/** Writing JSON and Bedrock-shaped error responses. */
import type { Exchange } from './exchange';
import { errorTypeHeader } from '../wire';
import { SimError } from './errors';

export interface ErrorStyle {
  /** awsJson1_1 services (CloudWatch Logs) also put `__type` in the body. */
  awsJson?: boolean;
  requestId?: string;
}

export function toSimError(err: unknown): SimError {
  if (SimError.isInstance(err)) return err;
  return new SimError('InternalServerException', 'The simulator hit an unexpected error while processing the request.');
}

export function sendError(exchange: Exchange, err: unknown, style: ErrorStyle = {}): SimError {
  const e = toSimError(err);
  if (exchange.started) {
    exchange.reset();
    return e;
  }
  const headers: Record<string, string> = {
    'content-type': style.awsJson ? 'application/x-amz-json-1.1' : 'application/json',
    'x-amzn-errortype': errorTypeHeader(e.code),
  };
  if (style.requestId) headers['x-amzn-requestid'] = style.requestId;
  const body = style.awsJson ? { __type: e.code, message: e.message } : { message: e.message };
  exchange.respond(e.status, headers, JSON.stringify(body));
  return e;
}

export function sendJson(exchange: Exchange, status: number, value: unknown, headers: Record<string, string> = {}): void {
  exchange.respond(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
}
