/** Writing JSON and Bedrock-shaped error responses. */
import type { Exchange } from './exchange';
import { SimError } from './errors';

const BEDROCK_SUFFIX = ':http://internal.amazon.com/coral/com.amazon.bedrock/';
const CORAL_SUFFIX = ':http://internal.amazon.com/coral/com.amazon.coral.service/';
const CORAL_CODES = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'MissingAuthenticationTokenException', 'IncompleteSignatureException', 'UnknownOperationException', 'SerializationException']);

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
    'x-amzn-errortype': `${e.code}${CORAL_CODES.has(e.code) ? CORAL_SUFFIX : BEDROCK_SUFFIX}`,
  };
  if (style.requestId) headers['x-amzn-requestid'] = style.requestId;
  const body = style.awsJson ? { __type: e.code, message: e.message } : { message: e.message };
  exchange.respond(e.status, headers, JSON.stringify(body));
  return e;
}

export function sendJson(exchange: Exchange, status: number, value: unknown, headers: Record<string, string> = {}): void {
  exchange.respond(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
}
