import { ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http2 from 'node:http2';
import { replyText, startSimulator } from '../../../src/simulator';
import { converse, rejection, startTestSim, userMessage, waitFor, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';

function curl(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['--silent', '--show-error', '--http1.1', ...args], { encoding: 'buffer', maxBuffer: 10 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

function h2Json(endpoint: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(endpoint);
    session.on('error', reject);
    const req = session.request({ ':method': method, ':path': path, 'content-type': 'application/json' });
    let status = 0;
    let data = '';
    req.on('response', (h) => (status = Number(h[':status'])));
    req.setEncoding('utf8');
    req.on('data', (d: string) => (data += d));
    req.on('end', () => {
      session.close();
      resolve({ status, json: JSON.parse(data) });
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function admin(endpoint: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${endpoint}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('simulator: HTTP/1.1 clients and the admin API', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 21 });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset());

  it('serves curl --aws-sigv4 over HTTP/1.1 on the same port', async () => {
    const a = t.account('shard-a');
    const sigv4 = ['--aws-sigv4', 'aws:amz:us-east-1:bedrock', '--user', `${a.accessKeyId}:${a.secretAccessKey}`, '-H', 'content-type: application/json'];
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hello from curl' }] }] });
    const out = JSON.parse((await curl([...sigv4, '--data', body, `${t.sim.endpoint}/model/${SONNET}/converse`])).toString('utf8')) as { output: { message: { content: Array<{ text: string }> } } };
    assert.equal(out.output.message.content[0]?.text, replyText(21, 'hello from curl'));

    const nova = JSON.parse((await curl([...sigv4, '--data', body, `${t.sim.endpoint}/model/amazon.nova-lite-v1:0/converse`])).toString('utf8')) as { stopReason: string };
    assert.equal(nova.stopReason, 'end_turn', 'a model id with a colon in the path verifies too');

    const stream = await curl([...sigv4, '--data', body, `${t.sim.endpoint}/model/${SONNET}/converse-stream`]);
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const events: string[] = [];
    let text = '';
    for (let offset = 0; offset < stream.length; ) {
      const length = stream.readUInt32BE(offset);
      const message = codec.decode(new Uint8Array(stream.subarray(offset, offset + length)));
      const type = String(message.headers[':event-type']?.value);
      events.push(type);
      if (type === 'contentBlockDelta') text += (JSON.parse(toUtf8(message.body)) as { delta: { text: string } }).delta.text;
      offset += length;
    }
    assert.equal(events[0], 'messageStart');
    assert.equal(events.at(-1), 'metadata');
    assert.equal(text, replyText(21, 'hello from curl'));
    assert.deepEqual(
      t.sim.invocationLog().map((r) => r.outcome),
      ['success', 'success', 'success'],
    );
  });

  it('refuses curl with a wrong secret', async () => {
    const a = t.account('shard-a');
    const out = await curl(['--aws-sigv4', 'aws:amz:us-east-1:bedrock', '--user', `${a.accessKeyId}:not-the-secret`, '-H', 'content-type: application/json', '--data', '{}', `${t.sim.endpoint}/model/${SONNET}/converse`]);
    assert.match(out.toString('utf8'), /signature we calculated does not match/);
  });

  it('injects, lists and removes faults through the admin API (HTTP/1.1 and HTTP/2)', async () => {
    const added = await admin(t.sim.endpoint, 'POST', '/__sim/faults', { type: 'error', kind: 'throttle', count: 1, scope: { profile: 'shard-a' } });
    assert.equal(added.status, 200);
    const id = (added.json as { id: string }).id;
    const listed = await h2Json(t.sim.endpoint, 'GET', '/__sim/faults');
    assert.deepEqual((listed.json as Array<{ id: string }>).map((f) => f.id), [id]);
    assert.equal((await rejection(converse(t.bedrock(), SONNET, 'throttled by admin', 10))).name, 'ThrottlingException');
    await converse(t.bedrock(), SONNET, 'burst used up', 10);

    const again = await h2Json(t.sim.endpoint, 'POST', '/__sim/faults', { type: 'error', kind: 'internal', rate: 1 });
    const againId = (again.json as { id: string }).id;
    assert.deepEqual((await admin(t.sim.endpoint, 'DELETE', `/__sim/faults/${againId}`)).json, { removed: true });
    await converse(t.bedrock(), SONNET, 'removed', 10);
  });

  it('sets Region health, quotas, not-ready models and expiry through the admin API', async () => {
    assert.equal((await admin(t.sim.endpoint, 'POST', '/__sim/regions/us-east-1', { status: 'down' })).status, 200);
    assert.equal((await rejection(converse(t.bedrock(), SONNET, 'down', 10))).name, 'ServiceUnavailableException');
    await admin(t.sim.endpoint, 'POST', '/__sim/regions/us-east-1', { status: 'healthy' });

    await admin(t.sim.endpoint, 'POST', '/__sim/quotas', { profile: 'shard-a', model: SONNET, rpm: 0 });
    assert.equal((await rejection(converse(t.bedrock(), SONNET, 'no quota', 10))).message, 'Too many requests, please wait before trying again.');
    await admin(t.sim.endpoint, 'POST', '/__sim/reset', {});

    await admin(t.sim.endpoint, 'POST', '/__sim/models-not-ready', { model: SONNET });
    assert.equal((await rejection(converse(t.bedrock(), SONNET, 'not ready', 10))).name, 'ModelNotReadyException');
    await admin(t.sim.endpoint, 'POST', '/__sim/models-not-ready', { model: SONNET, ready: true });

    await admin(t.sim.endpoint, 'POST', '/__sim/accounts/expired', { profile: 'shard-a' });
    assert.equal((await rejection(converse(t.bedrock(), SONNET, 'expired', 10))).name, 'ExpiredTokenException');
  });

  it('reads the invocation log, adds accounts and resets with a seed', async () => {
    await converse(t.bedrock(), SONNET, 'one', 10);
    await converse(t.bedrock(), SONNET, 'two', 10);
    const log = (await admin(t.sim.endpoint, 'GET', '/__sim/invocations?limit=1')).json as { count: number; records: Array<{ requestedModelId: string; inferenceRegion: string }> };
    assert.equal(log.count, 2);
    assert.equal(log.records.length, 1);
    assert.equal(log.records[0]?.requestedModelId, SONNET);
    const account = (await admin(t.sim.endpoint, 'POST', '/__sim/accounts', { profile: 'workspace-1', defaultRegion: 'eu-west-1' })).json as { profile: string; accessKeyId: string };
    assert.ok(!('secretAccessKey' in account), 'the admin API never hands out secret keys');
    assert.equal(account.profile, 'workspace-1');
    assert.ok(t.sim.accounts().some((a) => a.accessKeyId === account.accessKeyId));
    assert.deepEqual((await admin(t.sim.endpoint, 'POST', '/__sim/reset', { seed: 77 })).json, { ok: true, seed: 77 });
    assert.equal(t.sim.invocationLog().length, 0);
    t.sim.reset({ seed: 21 });
  });

  it('rejects a bad admin body with a ValidationException naming the field', async () => {
    const res = await admin(t.sim.endpoint, 'POST', '/__sim/faults', { type: 'error', kind: 'meltdown' });
    assert.equal(res.status, 400);
    assert.match((res.json as { message: string }).message, /^kind: /);
    const unknown = await admin(t.sim.endpoint, 'GET', '/__sim/nothing');
    assert.equal(unknown.status, 404);
  });
});

describe('simulator: lifecycle', function () {
  it('listens on loopback only', async () => {
    await assert.rejects(startSimulator({ host: '0.0.0.0' }), /listens on 127\.0\.0\.1 only/);
  });

  it('close() ends hung calls and open sessions promptly', async () => {
    const t = await startTestSim({ seed: 1 });
    t.sim.faults.hang();
    const hung = t.bedrock().send(new ConverseStreamCommand({ modelId: SONNET, messages: userMessage('hang forever') }));
    const failed = rejection(hung);
    await waitFor(() => t.sim.activeRequests() === 1);
    await t.close();
    await failed;
    assert.equal(t.sim.activeRequests(), 0);
    await assert.rejects(fetch(`${t.sim.endpoint}/__sim/health`));
  });
});
