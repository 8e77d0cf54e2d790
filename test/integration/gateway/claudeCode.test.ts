/**
 * The Claude Code CLI (npm @anthropic-ai/claude-code) in Bedrock mode, configured only by the
 * variables the gateway hands out, through the gateway to the simulator.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gateway, gatewayVariables, newToken, variablesAsEnv } from '../../../src/gateway';
import { resolveSettings } from '../../../src/router';
import { GATEWAY_SETTINGS, type GatewayEnv, startGatewayEnv } from '../../support/gatewayEnv';
import { CLAUDE, runProcess } from './run';

interface StreamLine {
  type: string;
  subtype?: string;
  is_error?: boolean;
  result?: string;
  num_turns?: number;
  modelUsage?: Record<string, { inputTokens: number; outputTokens: number }>;
  message?: { content?: Array<{ type: string; name?: string; id?: string; tool_use_id?: string }> };
}

describe('gateway: Claude Code in Bedrock mode', function () {
  this.timeout(180_000);
  let g: GatewayEnv;
  let home: string;
  let project: string;

  before(async () => {
    g = await startGatewayEnv();
    home = await mkdtemp(join(tmpdir(), 'rllm-cc-home-'));
    project = await mkdtemp(join(tmpdir(), 'rllm-cc-project-'));
    await writeFile(join(project, 'notes.md'), '# Notes\nRetries need a budget.\n');
  });
  after(async () => {
    await g.close();
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });
  afterEach(() => g.env.sim.faults.clear());

  async function claude(args: string[], gateway = { endpoint: g.gateway.endpoint, token: g.token }): Promise<StreamLine[]> {
    const env = { HOME: home, ...variablesAsEnv(gatewayVariables(gateway.endpoint, gateway.token, g.router.configuration)) };
    const r = await runProcess(CLAUDE, ['--output-format', 'stream-json', '--verbose', ...args], { env, cwd: project, timeoutMs: 150_000 });
    assert.equal(r.code, 0, `claude exited with ${r.code}: ${r.stderr}\n${r.stdout.slice(-2000)}`);
    return r.stdout.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as StreamLine);
  }

  const resultOf = (lines: StreamLine[]) => lines.find((l) => l.type === 'result')!;

  it('claude -p answers; its requests are recorded under the workspace tenant and count against its quota', async () => {
    const before = g.records.length;
    const tenantBefore = g.router.snapshot().tenants.find((t) => t.name === 'alpha')?.total ?? 0;
    const lines = await claude(['-p', 'Why do retries need a budget?']);
    const result = resultOf(lines);
    assert.equal(result.is_error, false, JSON.stringify(result));
    assert.ok((result.result ?? '').length > 20, `an answer: ${result.result}`);
    const mine = g.records.slice(before);
    assert.ok(mine.length >= 1);
    assert.ok(mine.every((r) => r.tenant === 'alpha' && r.outcome === 'succeeded'), JSON.stringify(mine.map((r) => [r.tenant, r.outcome])));
    assert.ok(mine.every((r) => /^Claude Code \d/.test(r.client ?? '')), `records name Claude Code: ${mine.map((r) => r.client).join(', ')}`);
    // What Claude Code counted is what the router recorded.
    // What Claude Code counted, per model (route), is what the router recorded.
    for (const [route, u] of Object.entries(result.modelUsage ?? {})) {
      const recorded = mine.filter((r) => r.route === route);
      assert.equal(u.outputTokens, recorded.reduce((n, r) => n + (r.usage?.outputTokens ?? 0), 0), `${route} output tokens`);
      assert.equal(u.inputTokens, recorded.reduce((n, r) => n + (r.usage?.inputTokens ?? 0), 0), `${route} input tokens`);
    }
    assert.ok(Object.keys(result.modelUsage ?? {}).includes('sonnet'));
    const tenant = g.router.snapshot().tenants.find((t) => t.name === 'alpha')!;
    assert.equal(tenant.quota.rpm, 40);
    assert.equal(tenant.total - tenantBefore, mine.length, 'every request counted for the workspace');
    const cc = g.gateway.clients().find((c) => c.client.startsWith('Claude Code'));
    assert.ok(cc && cc.lastTenant === 'alpha' && cc.succeeded >= mine.length, JSON.stringify(g.gateway.clients()));
  });

  it('a multi-turn run uses a tool: Claude Code runs Glob, sends the result back, and the model answers from it', async () => {
    const lines = await claude(['-p', 'Please use Glob to find the markdown files here.', '--allowedTools', 'Glob']);
    const toolUse = lines.flatMap((l) => (l.type === 'assistant' ? (l.message?.content ?? []) : [])).find((c) => c.type === 'tool_use');
    assert.equal(toolUse?.name, 'Glob', 'the model asked for Glob');
    const toolResult = lines.flatMap((l) => (l.type === 'user' ? (l.message?.content ?? []) : [])).find((c) => c.type === 'tool_result');
    assert.equal(toolResult?.tool_use_id, toolUse?.id, 'Claude Code ran it and sent the result back');
    const result = resultOf(lines);
    assert.equal(result.is_error, false);
    assert.ok((result.num_turns ?? 0) >= 2, `turns: ${result.num_turns}`);
  });

  it('with the first target throttled, the answer still comes, served by the other shard, and Claude Code sees no error', async () => {
    // Round-robin's turn depends on how many requests earlier tests sent: start it afresh (a
    // changed strategy gets a new one) so that the first Sonnet request asks sonnet-a first.
    const routes = GATEWAY_SETTINGS.routes!.map((r) => ({ ...r, strategy: r.name === 'sonnet' ? ('least-busy' as const) : r.strategy }));
    g.router.configure(resolveSettings({ ...GATEWAY_SETTINGS, routes }));
    g.router.configure(resolveSettings(GATEWAY_SETTINGS));
    g.env.sim.faults.errorRate('throttle', 1, { profile: 'team-a' });
    const before = g.records.length;
    const lines = await claude(['-p', 'Why do retries need a budget?']);
    const result = resultOf(lines);
    assert.equal(result.is_error, false, JSON.stringify(result));
    assert.ok((result.result ?? '').length > 20);
    const mine = g.records.slice(before).filter((r) => r.route === 'sonnet');
    assert.ok(mine.length >= 1);
    assert.ok(mine.every((r) => r.outcome === 'succeeded' && r.servedBy?.targetId === 'sonnet-b'), JSON.stringify(mine.map((r) => r.servedBy)));
    assert.ok(mine.some((r) => r.attempts.some((a) => a.targetId === 'sonnet-a' && a.outcome === 'throttled')), 'sonnet-a was tried and throttled');
  });

  it("over the workspace's quota, a request is refused with 429 and recorded rate-limited for the workspace; Claude Code retries on its own and answers", async () => {
    // A second workspace on the same router, with 1 request a minute.
    const token = newToken();
    const tokens = new Map([[token, 'tiny']]);
    const gw = await Gateway.start({ router: () => g.router, tokens: () => tokens });
    try {
      const before = g.records.length;
      const lines = await claude(['-p', 'Why do retries need a budget?'], { endpoint: gw.endpoint, token });
      const result = resultOf(lines);
      assert.equal(result.is_error, false, JSON.stringify(result));
      const mine = g.records.slice(before);
      assert.ok(mine.every((r) => r.tenant === 'tiny'));
      assert.ok(mine.some((r) => r.outcome === 'rate-limited' && /quota/i.test(r.message ?? '')), JSON.stringify(mine.map((r) => [r.outcome, r.message])));
      assert.ok(mine.some((r) => r.outcome === 'succeeded' && r.route === 'sonnet'));
      assert.ok(gw.clients().some((c) => c.client.startsWith('Claude Code') && c.rateLimited >= 1), JSON.stringify(gw.clients()));
    } finally {
      await gw.close();
    }
  });
});
