/**
 * The simulator under malformed HTTP/2 traffic (test/integration/simulator/malformed.test.ts
 * covers bad JSON, content types, huge bodies and unknown paths over HTTP/1.1 and the SDK):
 * the same errors over raw HTTP/2, and streams cut off half-way in every way a client or
 * a network can cut them. Where a response is possible it is Bedrock-shaped; afterwards
 * nothing is left in progress and a normal SDK call succeeds.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { type AwsFiles, type World, SONNET, ask, guardProcess, sleepReal, startWorld, waitUntil } from './harness';

const PATH = `/model/${SONNET}/converse`;
const STREAM_PATH = `/model/${SONNET}/converse-stream`;
const GOOD_BODY = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Tell me a long story about rivers and their deltas.' }] }], inferenceConfig: { maxTokens: 300 } });

interface H2Response {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

describe('reliability: the simulator under malformed and truncated HTTP/2 traffic keeps serving', function () {
  this.timeout(30_000);
  guardProcess();
  let world: World;
  let files: AwsFiles;
  const sessions: http2.ClientHttp2Session[] = [];

  before(async () => {
    world = await startWorld({ timeScale: 50, scenario: { limits: { maxBodyBytes: 256 * 1024 } } });
    files = await world.writeFiles();
  });
  after(async () => {
    for (const s of sessions) s.destroy();
    await world.close();
  });

  beforeEach(() => world.sim.reset());
  afterEach(async () => {
    // Whatever was done to it, the simulator finishes everything and serves the next SDK call.
    await waitUntil(() => world.sim.activeRequests() === 0, 'no request left in progress');
    const provider = new BedrockProvider({ endpoint: world.sim.endpoint, ...files });
    try {
      let text = '';
      for await (const e of provider.stream({ model: SONNET, profile: 'shard-a', region: 'us-east-1' }, ask(1, 20), new AbortController().signal)) if (e.type === 'text') text += e.text;
      assert.ok(text.length > 0, 'a normal SDK call succeeds afterwards');
    } finally {
      provider.dispose();
    }
    assert.deepEqual(world.internalErrors.splice(0), [], 'no internal error in the simulator');
  });

  const connect = async (): Promise<http2.ClientHttp2Session> => {
    const session = http2.connect(world.sim.endpoint);
    session.on('error', () => undefined);
    sessions.push(session);
    await new Promise<void>((resolve, reject) => {
      session.once('connect', () => resolve());
      session.once('error', reject);
    });
    return session;
  };

  /** SigV4 headers for a request, as HTTP/2 headers (`:authority` instead of `host`). */
  async function signed(path: string, body: string, contentType = 'application/json', extra: Record<string, string> = {}): Promise<http2.OutgoingHttpHeaders> {
    const a = world.account('shard-a');
    const host = `127.0.0.1:${world.sim.port}`;
    const signer = new SignatureV4({ credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }, region: 'us-east-1', service: 'bedrock', sha256: Sha256 });
    const req = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: world.sim.port, path, headers: { host, 'content-type': contentType, ...extra }, body });
    const { host: _host, ...headers } = (await signer.sign(req)).headers;
    return { ':method': 'POST', ':path': path, ':authority': host, ...headers };
  }

  /** One complete request on a session; resolves with the response. */
  function send(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body: string | Buffer): Promise<H2Response> {
    return new Promise((resolve, reject) => {
      const stream = session.request(headers);
      let status = 0;
      let got: http2.IncomingHttpHeaders = {};
      let data = '';
      stream.on('response', (h) => {
        status = Number(h[':status']);
        got = h;
      });
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (data += d));
      stream.on('end', () => resolve({ status, headers: got, body: data }));
      stream.on('error', reject);
      stream.end(body);
    });
  }

  const bedrockShaped = (r: H2Response, status: number, type: string, message: RegExp) => {
    assert.equal(r.status, status);
    assert.match(String(r.headers['x-amzn-errortype'] ?? ''), new RegExp(`^${type}(:|$)`));
    assert.match(String(r.headers['content-type'] ?? ''), /json/);
    assert.match((JSON.parse(r.body) as { message: string }).message, message);
  };

  it('over HTTP/2: bad JSON, a wrong content type, an unknown path and a missing signature get Bedrock-shaped errors', async () => {
    const s = await connect();
    bedrockShaped(await send(s, await signed(PATH, '{"messages": ['), '{"messages": ['), 400, 'ValidationException', /^Malformed input request: /);
    bedrockShaped(await send(s, await signed(PATH, GOOD_BODY, 'text/xml'), GOOD_BODY), 400, 'ValidationException', /text\/xml/);
    bedrockShaped(await send(s, await signed('/model/x/teleport', '{}'), '{}'), 404, 'UnknownOperationException', /teleport/);
    bedrockShaped(await send(s, { ':method': 'POST', ':path': PATH, 'content-type': 'application/json' }, GOOD_BODY), 403, 'MissingAuthenticationTokenException', /Missing Authentication Token/);
    const tampered = await signed(PATH, GOOD_BODY);
    bedrockShaped(await send(s, tampered, GOOD_BODY.replace('rivers', 'lakes!')), 403, 'InvalidSignatureException', /does not match/);
    // The same session still works for a valid request.
    const ok = await send(s, await signed(PATH, GOOD_BODY), GOOD_BODY);
    assert.equal(ok.status, 200);
    assert.ok((JSON.parse(ok.body) as { output?: unknown }).output);
  });

  it('a body larger than the limit over HTTP/2 is a 413 ValidationException, and the session stays usable', async () => {
    const s = await connect();
    const huge = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'h'.repeat(512 * 1024) }] }] });
    bedrockShaped(await send(s, await signed(PATH, huge), huge), 413, 'ValidationException', /larger than the 262144 bytes/);
    assert.equal((await send(s, await signed(PATH, GOOD_BODY), GOOD_BODY)).status, 200);
  });

  it('streams cut off half-way through the body (RST_STREAM), many on one session', async () => {
    const s = await connect();
    for (let i = 0; i < 50; i++) {
      const stream = s.request(await signed(PATH, GOOD_BODY));
      stream.on('error', () => undefined);
      stream.write(GOOD_BODY.slice(0, 20 + i));
      await new Promise((r) => setImmediate(r));
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }
    await sleepReal(20);
    assert.equal(world.sim.activeRequests(), 0);
    assert.equal(world.sim.invocationLog().length, 0, 'no half-received request became a model call');
    assert.equal((await send(s, await signed(PATH, GOOD_BODY), GOOD_BODY)).status, 200, 'the same session serves a full request');
  });

  it('a session torn down mid-body (TCP close), and one closed with GOAWAY while a body is pending', async () => {
    for (let i = 0; i < 10; i++) {
      const s = await connect();
      const stream = s.request(await signed(PATH, GOOD_BODY));
      stream.on('error', () => undefined);
      stream.write(GOOD_BODY.slice(0, 30));
      await new Promise((r) => setImmediate(r));
      s.destroy();
    }
    const s = await connect();
    const pending = s.request(await signed(PATH, GOOD_BODY));
    const ended = new Promise<void>((resolve) => {
      pending.on('error', () => resolve());
      pending.on('close', () => resolve());
    });
    pending.write(GOOD_BODY.slice(0, 30));
    s.close();
    pending.close(http2.constants.NGHTTP2_CANCEL);
    await ended;
    assert.equal(world.sim.invocationLog().length, 0);
  });

  it('a body shorter than its content-length, ended early, is refused or reset, never processed', async () => {
    const s = await connect();
    const headers = await signed(PATH, GOOD_BODY);
    const outcome = await new Promise<string>((resolve) => {
      const stream = s.request({ ...headers, 'content-length': String(GOOD_BODY.length) });
      stream.on('response', (h) => resolve(`status ${h[':status']}`));
      stream.on('error', (err: Error & { code?: string }) => resolve(`error ${err.code ?? err.message}`));
      stream.on('close', () => resolve(`closed ${stream.rstCode}`));
      stream.end(GOOD_BODY.slice(0, GOOD_BODY.length - 10));
    });
    assert.match(outcome, /^(status 4\d\d|error ERR_HTTP2_STREAM_ERROR|closed \d+)$/);
    assert.doesNotMatch(outcome, /^status 200/);
    assert.equal(world.sim.invocationLog().length, 0);
  });

  it('a client that goes away in the middle of a streamed answer: the call ends as client-aborted', async () => {
    // Slow output wherever the cross-Region profile may serve it, so the answer is still streaming.
    for (const r of ['us-east-1', 'us-east-2', 'us-west-2']) world.sim.faults.configureRegion(r, { tokensPerSecond: 2 });
    const s = await connect();
    const stream = s.request(await signed(STREAM_PATH, GOOD_BODY));
    stream.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      stream.once('data', () => resolve());
      stream.end(GOOD_BODY);
    });
    s.destroy();
    await waitUntil(() => world.sim.activeRequests() === 0, 'the simulator noticed');
    await waitUntil(() => world.sim.invocationLog().length === 1, 'the call is logged');
    assert.equal(world.sim.invocationLog()[0]!.outcome, 'client-aborted');
  });

  it('garbage after the HTTP/2 preface closes that connection only', async () => {
    const reply = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(world.sim.port, '127.0.0.1', () => {
        socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
        socket.write(Buffer.from('\x00\x00\x04\xff\x00\x00\x00\x00\x00garbage-frames-that-are-not-http2', 'latin1'));
      });
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    // The server's SETTINGS, then a GOAWAY frame (type 7) with an error code.
    assert.ok(reply.includes(Buffer.from([0x07])), 'a GOAWAY was sent before the close');
  });
});
