import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { converse, rejection, signedFetch, startTestSim, textOf, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';
const CONVERSE_PATH = `/model/${SONNET}/converse`;

describe('simulator: malformed input gets Bedrock-shaped errors and the server keeps serving', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 9, scenario: { limits: { maxBodyBytes: 1024 * 1024 } } });
  });
  after(() => t.close());

  afterEach(async () => {
    const out = await converse(t.bedrock(), SONNET, 'still alive?', 10);
    assert.ok(textOf(out).length > 0);
  });

  const json = (value: unknown) => JSON.stringify(value);

  it('malformed JSON is a 400 ValidationException', async () => {
    const res = await signedFetch(t.sim, t.account('shard-a'), CONVERSE_PATH, '{"messages": [');
    assert.equal(res.status, 400);
    assert.match(res.errorType ?? '', /^ValidationException(:|$)/);
    assert.match(JSON.parse(res.body).message, /^Malformed input request: /);
  });

  it('a wrong content type is a 400 ValidationException that names it', async () => {
    const res = await signedFetch(t.sim, t.account('shard-a'), CONVERSE_PATH, json({ messages: [] }), 'text/plain');
    assert.equal(res.status, 400);
    assert.match(res.errorType ?? '', /^ValidationException/);
    assert.match(JSON.parse(res.body).message, /text\/plain/);
  });

  it('missing or empty messages are ValidationExceptions with Bedrock wording', async () => {
    const missing = await signedFetch(t.sim, t.account('shard-a'), CONVERSE_PATH, json({}));
    assert.equal(JSON.parse(missing.body).message, "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
    const err = await rejection(t.bedrock().send(new ConverseCommand({ modelId: SONNET, messages: [] })));
    assert.equal(err.name, 'ValidationException');
    assert.match(err.message, /A conversation must start with a user message/);
  });

  it('an oversized body is refused with 413 before it is read (HTTP/2, through the SDK)', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const err = await rejection(converse(t.bedrock(), SONNET, huge, 10));
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata?.httpStatusCode, 413);
    assert.match(err.message, /larger than the 1048576 bytes/);
  });

  it('an oversized body is refused with 413 over HTTP/1.1 too', async () => {
    const res = await signedFetch(t.sim, t.account('shard-a'), CONVERSE_PATH, json({ messages: [{ role: 'user', content: [{ text: 'y'.repeat(1024 * 1024) }] }] }));
    assert.equal(res.status, 413);
    assert.match(res.errorType ?? '', /^ValidationException/);
  });

  it('a chunked body without a length is cut off once it passes the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${t.sim.endpoint}${CONVERSE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'z');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });

  it('unknown paths and operations are 404 UnknownOperationException', async () => {
    const get = await fetch(`${t.sim.endpoint}/no/such/thing`);
    assert.equal(get.status, 404);
    assert.match(get.headers.get('x-amzn-errortype') ?? '', /^UnknownOperationException/);
    assert.ok(typeof ((await get.json()) as { message?: unknown }).message === 'string');
    const op = await signedFetch(t.sim, t.account('shard-a'), `/model/${SONNET}/teleport`, json({}));
    assert.equal(op.status, 404);
  });

  it('a request without a signature is 403 MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${t.sim.endpoint}${CONVERSE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ messages: [] }) });
    assert.equal(res.status, 403);
    assert.match(res.headers.get('x-amzn-errortype') ?? '', /^MissingAuthenticationTokenException/);
  });

  it('bytes that are not HTTP get a 400 and a closed connection', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(t.sim.port, '127.0.0.1', () => socket.write('\x16\x03\x01 this is not http\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString('latin1')));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
  });
});
