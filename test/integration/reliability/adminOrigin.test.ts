/**
 * The simulator's admin API refuses what a web page could send (issue 15, defect 8):
 * cross-origin `text/plain` POSTs (no preflight) and DNS-rebound Host names, over raw
 * HTTP/1.1 as a browser would send them. Tools (Node's fetch, the SDK) still work.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { type Simulator, startSimulator } from '../../../src/simulator';

function raw(sim: Simulator, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, setHost: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('simulator admin API: no cross-origin or rebound requests', function () {
  this.timeout(30_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ port: 0, seed: 3 });
    sim.ensureAccount('shard-a');
  });
  after(() => sim.close());

  const fault = JSON.stringify({ type: 'error', kind: 'throttle', rate: 1 });

  it('a cross-origin text/plain POST (what a visited page can send without a preflight) injects nothing', async () => {
    const r = await raw(sim, 'POST', '/__sim/faults', { host: `127.0.0.1:${sim.port}`, origin: 'https://evil.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }, fault);
    assert.equal(r.status, 403, r.text);
    assert.match(r.text, /does not answer requests from web pages/);
    assert.deepEqual(sim.faults.list(), [], 'no fault was added');
  });

  it('a page on a rebound host name cannot read session credentials, even without an Origin', async () => {
    const r = await raw(sim, 'POST', '/__sim/session-credentials', { host: `evil.example:${sim.port}`, 'content-type': 'text/plain' }, JSON.stringify({ profile: 'shard-a' }));
    assert.equal(r.status, 403, r.text);
    assert.match(r.text, /only requests addressed to 127\.0\.0\.1, localhost or \[::1\]/);
    assert.doesNotMatch(r.text, /secretAccessKey|sessionToken/i);
    const get = await raw(sim, 'GET', '/__sim/accounts', { host: 'attacker.test', 'sec-fetch-site': 'same-origin' });
    assert.equal(get.status, 403);
    const missing = await raw(sim, 'GET', '/__sim/state', {});
    assert.ok(missing.status === 400 || missing.status === 403, `no Host header at all: ${missing.status}`);
  });

  it('tools on loopback still use it: Node fetch by 127.0.0.1 and localhost, and curl-like requests', async () => {
    const added = await fetch(`${sim.endpoint}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fault });
    assert.equal(added.status, 200);
    assert.equal(sim.faults.list().length, 1);
    const viaLocalhost = await raw(sim, 'DELETE', '/__sim/faults', { host: `localhost:${sim.port}` });
    assert.equal(viaLocalhost.status, 200, viaLocalhost.text);
    assert.deepEqual(sim.faults.list(), []);
    const typed = await raw(sim, 'GET', '/__sim/health', { host: `127.0.0.1:${sim.port}`, 'sec-fetch-site': 'none' });
    assert.equal(typed.status, 200, 'an address typed into the browser bar (Sec-Fetch-Site: none) may read health');
  });
});
