/**
 * `application/vnd.amazon.eventstream` frames, encoded with @smithy/eventstream-codec (no
 * hand-written CRCs). Shared by the simulator and the gateway: both stream Bedrock's
 * ConverseStream events and InvokeModelWithResponseStream `chunk` events.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function str(value: string) {
  return { type: 'string' as const, value };
}

/** An event frame: `:event-type` is the union member name, e.g. `contentBlockDelta` or `chunk`. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: { ':message-type': str('event'), ':event-type': str(eventType), ':content-type': str('application/json') },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** An exception frame, e.g. `throttlingException`; the SDK throws it while the caller iterates. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: { ':message-type': str('exception'), ':exception-type': str(exceptionType), ':content-type': str('application/json') },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

/** An InvokeModelWithResponseStream `chunk` event: the model family's own event, as base64 JSON in `bytes`. */
export function chunkFrame(payload: unknown): Uint8Array {
  return eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(payload)).toString('base64') });
}

/** Decodes frames (tests and clients of the gateway's streams): headers as strings, body as UTF-8. */
export function decodeFrame(bytes: Uint8Array): { headers: Record<string, string>; body: string } {
  const m = codec.decode(bytes);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers)) headers[k] = String(v.value);
  return { headers, body: toUtf8(m.body) };
}
