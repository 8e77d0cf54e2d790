import assert from 'node:assert/strict';
import { anthropicEvents, bedrockErrorResponse, chunkFrame, decodeFrame, exceptionFrame, streamExceptionType } from '../../../src/wire';

describe('wire: shared Bedrock formats', () => {
  it('a chunk frame carries the Anthropic event as base64 JSON in an event frame named chunk', () => {
    const frame = decodeFrame(chunkFrame(anthropicEvents.textDelta(0, 'Hello')));
    assert.equal(frame.headers[':message-type'], 'event');
    assert.equal(frame.headers[':event-type'], 'chunk');
    const inner = JSON.parse(Buffer.from(JSON.parse(frame.body).bytes, 'base64').toString('utf8'));
    assert.deepEqual(inner, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } });
  });

  it('an exception frame names the stream exception in lower camel case', () => {
    const frame = decodeFrame(exceptionFrame(streamExceptionType('ThrottlingException'), 'Too many requests'));
    assert.equal(frame.headers[':message-type'], 'exception');
    assert.equal(frame.headers[':exception-type'], 'throttlingException');
    assert.deepEqual(JSON.parse(frame.body), { message: 'Too many requests' });
  });

  it('error responses carry the status, the error type with its Coral suffix, and a message body', () => {
    const throttled = bedrockErrorResponse('ThrottlingException', 'slow down');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['x-amzn-errortype'], 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/');
    assert.deepEqual(JSON.parse(throttled.body), { message: 'slow down' });
    assert.match(bedrockErrorResponse('UnrecognizedClientException', 'bad token').headers['x-amzn-errortype']!, /com\.amazon\.coral\.service/);
  });
});
