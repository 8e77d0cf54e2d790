/**
 * Security below the VS Code layer: traffic (successes and every kind of failure) runs
 * with known secret values, and every output is scanned for them: router records and
 * snapshots, RouterError and provider messages, the simulator's invocation log, and the
 * CLI's output of run, demo and validate. Never a secret key, a session token, an access
 * key id, an Authorization header or a signature. And the simulator listens on loopback only.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { networkInterfaces, platform } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { runDemoCommand } from '../../../src/cli/demo';
import { runRunCommand } from '../../../src/cli/run';
import { runValidate } from '../../../src/cli/validate';
import { ProviderError } from '../../../src/providers/errors';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { type Endpoint } from '../../../src/providers/types';
import { type RequestRecord, type RouterError } from '../../../src/router';
import { startSimulator } from '../../../src/simulator';
import { captureIo } from '../../support/cliIo';
import { type World, SONNET, ask, faultSettings, guardProcess, makeRouter, runBatch, startWorld, streamOne } from './harness';

const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEKnownSessionTokenValue0123456789abcdefSECRET';
const WRONG_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYKnownWrongSecret';
const FORGED_KEY_ID = 'AKIAFORGEDKEYID00042';

/** Signs of a request signature or an auth header, wherever they might leak. */
const SIGNATURE_PATTERNS = [/AWS4-HMAC-SHA256/, /Signature=/i, /Credential=[A-Z0-9]{16,}/, /"authorization"\s*:/i, /x-amz-security-token/i];

/** Fails if `text` contains any secret or any trace of a signature. */
function assertClean(what: string, text: string, secrets: readonly string[]): void {
  for (const s of secrets) assert.ok(!text.includes(s), `${what} contains a secret (${s.slice(0, 6)}…):\n${text.slice(0, 2000)}`);
  for (const p of SIGNATURE_PATTERNS) assert.doesNotMatch(text, p, `${what} contains a signature or auth header`);
}

describe('reliability: no secret, token or signature in any output', function () {
  this.timeout(60_000);
  guardProcess();
  let world: World;
  let secrets: string[];

  before(async () => {
    world = await startWorld({ timeScale: 100, profiles: ['shard-c'] });
    secrets = [...world.sim.accounts().flatMap((a) => [a.secretAccessKey, a.accessKeyId]), SESSION_TOKEN, WRONG_SECRET, FORGED_KEY_ID];
  });
  after(() => world.close());

  it('the scanner finds a secret, a token and a signature when they are there', () => {
    for (const leak of [`key ${secrets[0]!}`, `token=${SESSION_TOKEN}`, 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE000000000/20250101/us-east-1/bedrock/aws4_request', '{"authorization": "x"}', 'Signature=abcdef']) {
      assert.throws(() => assertClean('probe', leak, secrets), /contains a (secret|signature)/, leak);
    }
  });

  it('router records, snapshots and errors, through successes, throttles, SigV4 rejections, expired and unknown keys and invalid requests', async () => {
    // shard-a signs with a session token; shard-c's secret is wrong (SigV4 rejection).
    const files = await world.writeFiles({ sessionToken: { 'shard-a': SESSION_TOKEN }, wrongSecret: { 'shard-c': WRONG_SECRET } });
    const creds = await readFile(files.credentialsFile, 'utf8');
    assert.ok(creds.includes(SESSION_TOKEN) && creds.includes(WRONG_SECRET), 'the known values are in the credentials file');
    // A profile whose access key the service does not know.
    await writeFile(files.credentialsFile, `${creds}\n[forged]\naws_access_key_id = ${FORGED_KEY_ID}\naws_secret_access_key = ${WRONG_SECRET}\n`);
    const settings = faultSettings('round-robin');
    settings.targets!.push(
      { id: 'c-east', model: SONNET, profile: 'shard-c', region: 'us-east-1' },
      { id: 'forged', model: SONNET, profile: 'forged', region: 'us-east-1' },
      { id: 'missing', model: SONNET, profile: 'no-such-profile', region: 'us-east-1' },
    );
    settings.routes!.push({ name: 'c-only', targets: ['c-east'] }, { name: 'forged', targets: ['forged'] }, { name: 'missing', targets: ['missing'] }, { name: 'a-only', targets: ['a-east', 'a-west'] });
    const h = makeRouter(world, files, settings);
    const errors: RouterError[] = [];
    const records: RequestRecord[] = [];
    h.router.onRecord((r) => records.push(r));
    try {
      world.sim.faults.errorRate('throttle', 0.3, { profile: 'shard-a' });
      const served = await runBatch(h.router, { count: 12, concurrency: 4 });
      assert.ok(served.some((o) => o.record.servedBy?.profile === 'shard-a'), 'the session-token profile served requests');
      for (const route of ['c-only', 'forged', 'missing']) {
        const o = await streamOne(h.router, 100, route);
        assert.equal(o.error?.kind, 'credentials', `${route}: ${o.error?.message}`);
        errors.push(o.error!);
      }
      const invalid = await streamOne(h.router, 101, 'main', 'reliability', { messages: [], maxTokens: 10 });
      assert.equal(invalid.error?.kind, 'invalid-request');
      errors.push(invalid.error!);
      world.sim.faults.accountExpired('shard-a');
      const expired = await streamOne(h.router, 102, 'a-only');
      assert.equal(expired.error?.kind, 'credentials');
      errors.push(expired.error!);
      for (const o of served) if (o.error) errors.push(o.error);

      assert.ok(records.some((r) => r.attempts.some((a) => a.outcome === 'throttled')), 'throttles happened');
      for (const r of records) assertClean(`record ${r.id}`, JSON.stringify(r), secrets);
      assertClean('snapshot', JSON.stringify(h.router.snapshot()), secrets);
      for (const e of errors) {
        assertClean(`RouterError ${e.kind}`, `${e.message}\n${String(e)}\n${e.stack ?? ''}\n${JSON.stringify({ ...e, record: e.record, skipped: e.skipped })}`, secrets);
        // What an unexpected-error path would print: the error with its causes, SDK errors included.
        assertClean(`inspect(RouterError ${e.kind})`, inspect(e, { depth: 8 }), secrets);
      }
      assertClean('invocation log', JSON.stringify(world.sim.invocationLog()), secrets);
    } finally {
      h.dispose();
      world.sim.reset();
    }
  });

  it("the provider's errors, for each kind of failure, carry no secret in message, stack or causes", async () => {
    const files = await world.writeFiles({ sessionToken: { 'shard-a': SESSION_TOKEN }, wrongSecret: { 'shard-c': WRONG_SECRET } });
    await writeFile(files.credentialsFile, `${await readFile(files.credentialsFile, 'utf8')}\n[forged]\naws_access_key_id = ${FORGED_KEY_ID}\naws_secret_access_key = ${WRONG_SECRET}\n`);
    const provider = new BedrockProvider({ endpoint: world.sim.endpoint, ...files });
    const at = (profile: string): Endpoint => ({ model: SONNET, profile, region: 'us-east-1' });
    const failure = async (e: Endpoint, arrange: () => void = () => undefined, request = ask(1)) => {
      arrange();
      try {
        for await (const _ of provider.stream(e, request, new AbortController().signal)) void _;
      } catch (err) {
        assert.ok(ProviderError.isInstance(err));
        return err;
      } finally {
        world.sim.reset();
      }
      assert.fail('expected a failure');
    };
    try {
      const cases: Array<[string, ProviderError]> = [
        ['SigV4 rejection', await failure(at('shard-c'))],
        ['unknown access key', await failure(at('forged'))],
        ['missing profile', await failure(at('no-such-profile'))],
        ['expired token (with a session token)', await failure(at('shard-a'), () => world.sim.faults.accountExpired('shard-a'))],
        ['throttle', await failure(at('shard-a'), () => void world.sim.faults.burst('throttle', 1))],
        ['mid-stream exception', await failure(at('shard-a'), () => void world.sim.faults.midStreamException({ afterTokens: 2 }))],
        ['invalid request', await failure(at('shard-a'), undefined, { messages: [], maxTokens: 5 })],
        ['connection reset', await failure(at('shard-b'), () => void world.sim.faults.connectionReset({ count: 1 }))],
      ];
      assert.deepEqual(cases.map(([, e]) => e.kind), ['credentials', 'credentials', 'credentials', 'credentials', 'throttled', 'stream-error', 'invalid-request', 'unavailable']);
      for (const [name, e] of cases) {
        assertClean(`${name}: message`, e.message, secrets);
        assertClean(`${name}: inspect`, inspect(e, { depth: 8 }), secrets);
      }
    } finally {
      provider.dispose();
    }
  });

  it('resilient-llm run, demo and validate print no secret, even when requests fail', async () => {
    const known = { a: 'KnownSecretForRunShardA/0123456789abcdefABCDEF', b: 'KnownSecretForRunShardB/0123456789abcdefABCDEF', c: 'KnownSecretForRunShardC/0123456789abcdefABCDEF' };
    const keyIds = { a: 'AKIAKNOWNRUNSHARDA01', b: 'AKIAKNOWNRUNSHARDB01', c: 'AKIAKNOWNRUNSHARDC01' };
    const cliSecrets = [...Object.values(known), ...Object.values(keyIds)];
    await writeFile(join(world.dir, 'run.json'), JSON.stringify({
      'resilientLlm.targets': [
        { id: 'a', model: SONNET, profile: 'sec-a', region: 'us-east-1' },
        { id: 'b', model: SONNET, profile: 'sec-b', region: 'us-west-2' },
        { id: 'c', model: SONNET, profile: 'sec-c', region: 'us-east-1' },
      ],
      'resilientLlm.routes': [
        { name: 'main', targets: ['a', 'b', 'c'], strategy: 'round-robin' },
        { name: 'c-only', targets: ['c'] },
      ],
      'resilientLlm.quotas': { workspaces: { small: { rpm: 2 } } },
      'resilientLlm.simulator': {
        seed: 3,
        timeScale: 100,
        scenario: {
          accounts: [
            { profile: 'sec-a', accessKeyId: keyIds.a, secretAccessKey: known.a },
            { profile: 'sec-b', accessKeyId: keyIds.b, secretAccessKey: known.b },
            { profile: 'sec-c', accessKeyId: keyIds.c, secretAccessKey: known.c, expired: true },
          ],
          faults: [{ type: 'error', kind: 'throttle', rate: 0.5, scope: { profile: 'sec-a' } }, { type: 'error', kind: 'validation', count: 2 }],
        },
      },
    }));
    const runFile = join(world.dir, 'run.json');
    const outputs: Array<[string, string]> = [];
    for (const args of [['--requests', '30', '--concurrency', '5'], ['--requests', '10', '--json'], ['--route', 'c-only', '--requests', '3'], ['--requests', '5', '--tenant', 'small']]) {
      const io = captureIo();
      assert.equal(await runRunCommand(['--config', runFile, ...args], io), 0, io.err);
      outputs.push([`run ${args.join(' ')}`, io.out + io.err]);
    }
    const text = outputs.map(([, t]) => t).join('\n');
    assert.match(text, /expired/, 'the expired shard shows in the output');
    assert.match(text, /failed [1-9]/, 'some requests failed');
    assert.match(text, /rate limited [1-9]/, 'some requests were rate limited');

    for (const demo of ['fallback', 'quota-isolation']) {
      const io = captureIo();
      assert.equal(await runDemoCommand([demo, '--time-scale', '100'], io), 0, io.err);
      outputs.push([`demo ${demo}`, io.out + io.err]);
    }
    // The demos' accounts are shard-a and shard-b, with the keys any simulator derives for them.
    const demoSim = await startSimulator({ port: 0 });
    const demoSecrets = demoSim.accounts().flatMap((a) => [a.secretAccessKey, a.accessKeyId]);
    await demoSim.close();

    // validate in aws mode reads the user's AWS files: give it files full of known values.
    await writeFile(join(world.dir, 'aws-config'), '[profile shard-a]\nregion = us-east-1\n[profile shard-b]\nregion = us-west-2\n');
    await writeFile(join(world.dir, 'aws-credentials'), `[shard-a]\naws_access_key_id = ${keyIds.a}\naws_secret_access_key = ${known.a}\naws_session_token = ${SESSION_TOKEN}\n[shard-b]\naws_access_key_id = ${keyIds.b}\naws_secret_access_key = ${known.b}\n`);
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
    process.env.AWS_CONFIG_FILE = join(world.dir, 'aws-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(world.dir, 'aws-credentials');
    try {
      for (const file of ['test/fixtures/invalid-settings/unknown-profile.jsonc', 'test/fixtures/configs/routes.jsonc']) {
        const io = captureIo();
        await runValidate(['--config', file], io);
        outputs.push([`validate ${file}`, io.out + io.err]);
      }
      const awsValid = join(world.dir, 'aws-valid.json');
      await writeFile(awsValid, JSON.stringify({ 'resilientLlm.mode': 'aws', 'resilientLlm.targets': [{ id: 'a', model: SONNET, profile: 'shard-a', region: 'us-east-1' }], 'resilientLlm.routes': [{ name: 'main', targets: ['a'] }] }));
      const io = captureIo();
      assert.equal(await runValidate(['--config', awsValid], io), 0, io.err);
      outputs.push(['validate aws-valid', io.out + io.err]);
    } finally {
      for (const [key, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    for (const [what, out] of outputs) assertClean(what, out, [...cliSecrets, ...demoSecrets, SESSION_TOKEN]);
  });

  it('the simulator listens on loopback only', async () => {
    for (const host of ['0.0.0.0', '::', 'localhost', '192.168.1.10']) {
      await assert.rejects(startSimulator({ host }), new RegExp(`listens on 127\\.0\\.0\\.1 only \\(asked for ${host.replace(/\./g, '\\.')}\\)`));
    }
    const sim = await startSimulator({ host: '127.0.0.1' });
    try {
      assert.equal(new URL(sim.endpoint).hostname, '127.0.0.1');
      const reachable = (host: string) =>
        new Promise<boolean>((resolve) => {
          const s = net.connect({ host, port: sim.port, timeout: 2_000 });
          s.once('connect', () => {
            s.destroy();
            resolve(true);
          });
          s.once('error', () => resolve(false));
          s.once('timeout', () => {
            s.destroy();
            resolve(false);
          });
        });
      assert.equal(await reachable('127.0.0.1'), true);
      // From any other address of this machine, the port is closed.
      const others = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal).map((i) => i!.address);
      for (const address of others) assert.equal(await reachable(address), false, `reachable on ${address}`);
      if (platform() === 'linux') {
        // The kernel's table of listening sockets: bound to 127.0.0.1 (0100007F), nothing else.
        const port = sim.port.toString(16).toUpperCase().padStart(4, '0');
        const listening = (await readFile('/proc/net/tcp', 'utf8')).split('\n').filter((l) => l.includes(`:${port} `) && / 0A /.test(l)).map((l) => l.trim().split(/\s+/)[1]);
        const listening6 = (await readFile('/proc/net/tcp6', 'utf8').catch(() => '')).split('\n').filter((l) => l.includes(`:${port} `) && / 0A /.test(l));
        assert.deepEqual(listening, [`0100007F:${port}`]);
        assert.deepEqual(listening6, []);
      }
      assert.ok(others.length > 0 || platform() === 'linux', 'at least one way to check the bound address ran');
    } finally {
      await sim.close();
    }
  });
});
