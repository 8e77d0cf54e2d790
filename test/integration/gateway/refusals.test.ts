/**
 * What the gateway refuses, and how each protocol's clients see it: a wrong token, a foreign
 * Host (DNS rebinding), a browser Origin, an oversized body, an unknown model, and a workspace
 * over its quota; and an error before the first token arriving as an HTTP status, not a broken stream.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { type GatewayEnv, GATEWAY_SETTINGS, startGatewayEnv } from '../../support/gatewayEnv';

function request(port: number, options: { method?: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((done, fail) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

const converseBody = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hello' }] }] });

describe('gateway: refusals and errors, in each protocol’s shape', function () {
  let g: GatewayEnv;
  before(async () => {
    g = await startGatewayEnv({ maxBodyBytes: 64 * 1024, settings: { ...GATEWAY_SETTINGS, quotas: { default: { rpm: 1000 }, workspaces: { alpha: { rpm: 40 }, tiny: { rpm: 1 } } } } });
  });
  after(() => g.close());
  afterEach(() => g.env.sim.faults.clear());

  it('a wrong token: 403 UnrecognizedClientException to Bedrock clients, 401 invalid_api_key to OpenAI clients; nothing reaches the router', async () => {
    const before = g.records.length;
    const bedrock = new AnthropicBedrock({ baseURL: g.gateway.endpoint, apiKey: 'rllm-not-the-token', awsRegion: 'us-east-1', maxRetries: 0 });
    await assert.rejects(bedrock.messages.create({ model: 'sonnet', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }), (err: { status?: number; message: string }) => {
      assert.equal(err.status, 403);
      assert.match(err.message, /security token included in the request is invalid/);
      return true;
    });
    const openai = new OpenAI({ baseURL: `${g.gateway.endpoint}/v1`, apiKey: 'rllm-not-the-token', maxRetries: 0 });
    await assert.rejects(openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.AuthenticationError);
      assert.equal(err.status, 401);
      assert.equal(err.code, 'invalid_api_key');
      return true;
    });
    const raw = await request(g.gateway.port, { path: '/model/sonnet/converse', headers: { 'content-type': 'application/json' }, body: converseBody });
    assert.equal(raw.status, 403, 'no token at all');
    assert.match(String(raw.headers['x-amzn-errortype']), /^UnrecognizedClientException:/);
    assert.equal(g.records.length, before);
  });

  it('a foreign Host header (DNS rebinding) is refused with 403, even with the right token', async () => {
    for (const host of ['attacker.example:80', `evil.localhost.example:${g.gateway.port}`, '127.0.0.1:1']) {
      const r = await request(g.gateway.port, { path: '/model/sonnet/converse', headers: { host, authorization: `Bearer ${g.token}`, 'content-type': 'application/json' }, body: converseBody });
      assert.equal(r.status, 403, host);
      assert.match(JSON.parse(r.body).message, /only requests addressed to 127\.0\.0\.1:\d+/);
    }
    const ok = await request(g.gateway.port, { path: '/model/sonnet/converse', headers: { host: `localhost:${g.gateway.port}`, authorization: `Bearer ${g.token}`, 'content-type': 'application/json' }, body: converseBody });
    assert.equal(ok.status, 200, 'localhost:PORT is loopback too');
  });

  it('a browser Origin is refused with 403 and no CORS headers, on every path', async () => {
    for (const path of ['/v1/models', '/v1/chat/completions', '/model/sonnet/converse']) {
      const r = await request(g.gateway.port, { method: path === '/v1/models' ? 'GET' : 'POST', path, headers: { origin: 'https://example.com', authorization: `Bearer ${g.token}`, 'content-type': 'application/json' }, body: path === '/v1/models' ? undefined : converseBody });
      assert.equal(r.status, 403, path);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    }
  });

  it('a body over the limit is refused with 413 before the router sees it', async () => {
    const big = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'x'.repeat(70 * 1024) }] }] });
    const r = await request(g.gateway.port, { path: '/model/sonnet/converse', headers: { authorization: `Bearer ${g.token}`, 'content-type': 'application/json' }, body: big });
    assert.equal(r.status, 413);
    assert.match(JSON.parse(r.body).message, /at most 65536/);
  });

  it('an unknown model id is a ValidationException that lists the routes', async () => {
    const client = new AnthropicBedrock({ baseURL: g.gateway.endpoint, apiKey: g.token, awsRegion: 'us-east-1', maxRetries: 0 });
    await assert.rejects(client.messages.create({ model: 'mistral.large', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }), (err: { status?: number; message: string }) => {
      assert.equal(err.status, 400);
      assert.match(err.message, /No route serves the model id "mistral\.large".*sonnet, haiku/);
      return true;
    });
  });

  it('a workspace over its quota gets 429 ThrottlingException (Bedrock) and rate_limit_exceeded (OpenAI), with Retry-After', async () => {
    const tiny = (await import('../../../src/gateway')).newToken();
    const tokens = new Map([[tiny, 'tiny']]);
    const { Gateway } = await import('../../../src/gateway');
    const gw = await Gateway.start({ router: () => g.router, tokens: () => tokens });
    try {
      const openai = new OpenAI({ baseURL: `${gw.endpoint}/v1`, apiKey: tiny, maxRetries: 0 });
      await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'first' }] });
      await assert.rejects(openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'second' }] }), (err: unknown) => {
        assert.ok(err instanceof OpenAI.RateLimitError);
        assert.equal(err.code, 'rate_limit_exceeded');
        assert.match(err.message, /tiny/);
        const retry = Number(err.headers?.get('retry-after'));
        // In real seconds: the simulator's clock runs 20 times faster, so its minute window frees within 3 s.
        assert.ok(retry >= 1 && retry <= 3, `Retry-After ${retry}`);
        return true;
      });
      const raw = await request(gw.port, { path: '/model/sonnet/converse-stream', headers: { authorization: `Bearer ${tiny}`, 'content-type': 'application/json' }, body: converseBody });
      assert.equal(raw.status, 429);
      assert.match(String(raw.headers['x-amzn-errortype']), /^ThrottlingException:/);
      assert.equal(g.router.snapshot().tenants.find((t) => t.name === 'tiny')?.rateLimited, 2);
    } finally {
      await gw.close();
    }
  });

  it('when no target can serve, the AWS SDK gets an HTTP error before any stream (not a broken stream)', async () => {
    g.env.sim.faults.errorRate('access-denied', 1);
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: g.gateway.endpoint, token: { token: g.token }, authSchemePreference: ['httpBearerAuth'], maxAttempts: 1 });
    try {
      await assert.rejects(client.send(new ConverseStreamCommand({ modelId: 'haiku', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })), (err: { name: string; $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'AccessDeniedException');
        assert.equal(err.$metadata?.httpStatusCode, 403);
        return true;
      });
    } finally {
      client.destroy();
    }
  });

  it('a failure after the first token ends the stream with an exception frame the AWS SDK throws while iterating', async () => {
    g.env.sim.faults.midStreamException({ afterTokens: 3, kind: 'internal' });
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: g.gateway.endpoint, token: { token: g.token }, authSchemePreference: ['httpBearerAuth'], maxAttempts: 1 });
    let text = '';
    try {
      const out = await client.send(new ConverseStreamCommand({ modelId: 'haiku', messages: [{ role: 'user', content: [{ text: 'a long answer please' }] }] }));
      await assert.rejects(
        (async () => {
          for await (const e of out.stream ?? []) text += e.contentBlockDelta?.delta?.text ?? '';
        })(),
        (err: { name: string; message: string }) => {
          assert.equal(err.name, 'ModelStreamErrorException');
          return true;
        },
      );
      assert.ok(text.length > 0, 'the first tokens arrived before the failure');
      assert.equal(g.records.at(-1)?.errorKind, 'interrupted');
    } finally {
      client.destroy();
    }
  });
});
