import { SimError } from './errors';

/**
 * The body of an awsJson1_1 request (CloudWatch Logs, Service Quotas): a JSON object, or
 * Bedrock-style SerializationExceptions with the messages those services use.
 */
export function awsJsonBody(raw: Uint8Array): Record<string, unknown> {
  let body: unknown;
  try {
    body = raw.length ? JSON.parse(Buffer.from(raw).toString('utf8')) : {};
  } catch {
    throw new SimError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SimError('SerializationException', 'Expected a JSON object.');
  return body as Record<string, unknown>;
}
