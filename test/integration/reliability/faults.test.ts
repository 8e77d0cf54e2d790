/**
 * Every fault class, injected for real in the simulator and met by the real AWS SDK,
 * under each balancing strategy. Each case checks what a user would notice: every
 * request served by a healthy target or ended with an error that says what happened;
 * nothing lost or counted twice; nothing left reserved or in flight; no unhandled
 * promise rejection.
 */
import assert from 'node:assert/strict';
import { type StrategyName } from '../../../src/router';
import {
  type AwsFiles,
  type Harness,
  type Outcome,
  type World,
  STRATEGY_NAMES,
  assertSettled,
  faultSettings,
  guardProcess,
  makeRouter,
  realMs,
  reconcile,
  runBatch,
  sleepReal,
  startWorld,
  waitUntil,
} from './harness';

const TIME_SCALE = 100;
const REQUESTS = 20;
const CONCURRENCY = 6;

interface Run {
  world: World;
  h: Harness;
  outcomes: Outcome[];
}

interface FaultCase {
  name: string;
  /** Injects the fault (and may write AWS files of its own). */
  arrange(world: World): Promise<AwsFiles | void> | AwsFiles | void;
  /** Sends the traffic; default: REQUESTS requests to `main`. */
  traffic?(world: World, h: Harness): Promise<Outcome[]>;
  /** What the user sees, request by request. */
  check(run: Run): void;
  /** The simulator's successes equal the router's (false when the simulator was replaced mid-run). */
  compareWithSimulatorLog?: boolean;
}

const succeeded = (o: Outcome) => o.record.outcome === 'succeeded';
/** Every attempt, less the hedges that lost their race (cancelled before a first token: the route hedges by default, and a lost race is not a fault). */
const attempts = (outcomes: readonly Outcome[]) => outcomes.flatMap((o) => o.record.attempts).filter((a) => !(a.hedge && a.outcome === 'cancelled'));

/**
 * `actual` must equal `expected`, except that on a machine busy enough for first-token
 * timeouts, a timed-out attempt may have overtaken an injected fault (the router moved on
 * before the fault showed): then each missing one must be matched by a timeout.
 */
function exactUnlessTimeouts(outcomes: readonly Outcome[], actual: number, expected: number, what: string): void {
  const timeouts = attempts(outcomes).filter((a) => a.outcome === 'timeout').length;
  if (timeouts === 0) assert.equal(actual, expected, what);
  else assert.ok(actual <= expected && actual + timeouts >= expected, `${what}: ${actual} of ${expected}, with ${timeouts} timeouts`);
}

function allServedBy(outcomes: readonly Outcome[], healthy: (o: Outcome) => boolean, what: string): void {
  for (const o of outcomes) {
    assert.equal(o.record.outcome, 'succeeded', `request ${o.n} should have been served (${what}); got: ${o.error?.message}`);
    assert.ok(healthy(o), `request ${o.n} was served by ${o.record.servedBy?.targetId} (${o.record.servedBy?.profile}, ${o.record.servedBy?.region}), not a healthy target (${what})`);
  }
}

const CASES: FaultCase[] = [
  {
    name: 'a Region outage (us-east-1 down)',
    arrange: (w) => w.sim.faults.setRegionStatus('us-east-1', 'down'),
    check({ outcomes }) {
      allServedBy(outcomes, (o) => o.record.servedBy!.region !== 'us-east-1', 'us-east-1 is down');
      const hit = attempts(outcomes).filter((a) => a.region === 'us-east-1');
      assert.ok(hit.length > 0, 'some request tried the Region that is down');
      for (const a of hit) {
        assert.equal(a.outcome, 'unavailable');
        assert.match(a.message!, /Bedrock is unavailable for profile shard-[ab], us-east-1, .*ServiceUnavailableException/);
      }
    },
  },
  {
    name: 'account-wide throttling (every call of shard-a)',
    arrange: (w) => void w.sim.faults.errorRate('throttle', 1, { profile: 'shard-a' }),
    check({ outcomes, h }) {
      allServedBy(outcomes, (o) => o.record.servedBy!.profile === 'shard-b', 'shard-a is throttled');
      const throttled = attempts(outcomes).filter((a) => a.outcome === 'throttled');
      assert.ok(throttled.length > 0, 'shard-a was tried and throttled');
      for (const a of throttled) {
        assert.equal(a.profile, 'shard-a');
        assert.match(a.message!, /Bedrock throttled profile shard-a, us-(east-1|west-2), .*Too many requests/);
      }
      assert.equal(h.router.stats.totals.providerThrottles, throttled.length, 'each provider throttle counted once');
    },
  },
  {
    name: 'model not ready (Sonnet, everywhere)',
    arrange: (w) => w.sim.faults.modelNotReady('us.anthropic.claude-sonnet-4-6'),
    check({ outcomes }) {
      allServedBy(outcomes, (o) => o.record.servedBy!.route === 'backup' && o.record.fallbackDepth === 1, 'Sonnet is not ready: the fallback route serves');
      const notReady = attempts(outcomes).filter((a) => a.outcome === 'model-not-ready');
      assert.ok(notReady.length > 0, 'Sonnet was tried');
      for (const a of notReady) assert.match(a.message!, /The model is not ready in us-(east-1|west-2) \(us\.anthropic\.claude-sonnet-4-6\)/);
    },
  },
  {
    name: 'a burst of 5xx (6 ServiceUnavailable, then 6 InternalServerError)',
    arrange(w) {
      w.sim.faults.burst('unavailable', 6);
      w.sim.faults.burst('internal', 6);
    },
    check({ outcomes }) {
      allServedBy(outcomes, () => true, 'a burst of 5xx');
      const failed = attempts(outcomes).filter((a) => a.outcome !== 'ok');
      exactUnlessTimeouts(outcomes, failed.filter((a) => a.outcome === 'unavailable' && /ServiceUnavailableException/.test(a.message!)).length, 6, 'each injected 503 failed one attempt');
      exactUnlessTimeouts(outcomes, failed.filter((a) => a.outcome === 'unavailable' && /InternalServerException/.test(a.message!)).length, 6, 'each injected 500 failed one attempt');
      // Nothing else failed (a first-token timeout on a very busy machine would be the only excuse).
      assert.deepEqual(failed.filter((a) => !/(ServiceUnavailable|InternalServer)Exception/.test(a.message!) && a.outcome !== 'timeout'), []);
    },
  },
  {
    name: 'hung responses (3 calls never answer)',
    arrange: (w) => void w.sim.faults.hang({ count: 3 }),
    check({ outcomes, world }) {
      allServedBy(outcomes, () => true, 'the first-token timeout moves hung calls on');
      const hung = world.sim.invocationLog().filter((r) => r.errorCode === 'Hang');
      assert.equal(hung.length, 3, 'three calls hung');
      for (const r of hung) assert.equal(r.outcome, 'client-aborted', 'the router let go of each hung call');
      const timedOut = attempts(outcomes).filter((a) => a.outcome === 'timeout');
      assert.ok(timedOut.length >= 3, 'each hung call timed out');
      for (const a of timedOut) assert.match(a.message!, /^\S+ sent no first token within 60 s \(timeouts\.firstTokenMs\)$/);
      for (const o of outcomes.filter((x) => x.record.attempts.some((a) => a.outcome === 'timeout'))) {
        assert.ok(o.record.attempts.length >= 2, `request ${o.n}: the next target was tried after the timeout`);
        assert.ok(o.progress.some((p) => /timed out; trying /.test(p)), `request ${o.n}: the caller was told (${o.progress.join(' | ')})`);
      }
    },
  },
  {
    name: 'a mid-stream exception after 4 tokens (3 calls)',
    arrange: (w) => void w.sim.faults.midStreamException({ afterTokens: 4, count: 3 }),
    check({ outcomes }) {
      const broken = outcomes.filter((o) => !succeeded(o));
      exactUnlessTimeouts(outcomes, broken.length, 3, 'the three broken streams end with an error; the rest are served');
      for (const o of broken) {
        assert.equal(o.error!.kind, 'interrupted');
        assert.match(o.error!.message, /^The answer from \S+ stopped after about \d+ tokens: The model's stream failed .*The model stream encountered an error.* The text above is all that arrived; ask again to retry\.$/);
        assert.equal(o.served, 1, 'the answer had started');
        assert.ok(o.text.length > 0, 'the text before the failure reached the caller');
        assert.equal(o.record.attempts.at(-1)!.outcome, 'stream-error', 'an answer that started is not retried elsewhere (no duplicated text)');
        for (const a of o.record.attempts.slice(0, -1)) assert.equal(a.outcome, 'timeout', 'only a first-token timeout may come before it');
      }
    },
  },
  {
    name: 'connection resets (3 before any byte, 2 after 9 tokens)',
    arrange(w) {
      w.sim.faults.connectionReset({ count: 3 });
      w.sim.faults.connectionReset({ count: 2, afterTokens: 9 });
    },
    check({ outcomes, world }) {
      assert.equal(world.sim.invocationLog().filter((r) => r.errorCode === 'ConnectionReset').length, 5, 'five streams were reset');
      const early = attempts(outcomes).filter((a) => a.outcome === 'unavailable');
      for (const a of early) assert.match(a.message!, /^Could not reach Bedrock for profile shard-[ab], us-\w+-\d, us\.anthropic\.claude-sonnet-4-6 \(/);
      const broken = outcomes.filter((o) => !succeeded(o));
      // A reset races the tokens sent just before it: when it overtakes them, the call failed
      // before its first token and was moved on like an early reset. Either way, one attempt each.
      assert.ok(early.length >= 3 && broken.length <= 2, `${early.length} failed over, ${broken.length} broke mid-answer`);
      exactUnlessTimeouts(outcomes, early.length + broken.length, 5, 'each reset cost exactly one attempt');
      for (const o of broken) {
        assert.equal(o.error!.kind, 'interrupted');
        assert.match(o.error!.message, /^The answer from \S+ stopped after about \d+ tokens: Could not reach Bedrock .* ask again to retry\.$/);
      }
    },
  },
  {
    name: 'the simulator killed and restarted mid-run on the same port',
    arrange: () => undefined,
    compareWithSimulatorLog: false,
    async traffic(world, h) {
      // Slow answers, so that the kill finds requests in flight.
      world.sim.faults.slowFirstToken(2_000);
      let killed = false;
      const first = await runBatch(h.router, {
        count: REQUESTS,
        concurrency: CONCURRENCY,
        onDone: async (done) => {
          if (done !== 4 || killed) return;
          killed = true;
          await waitUntil(() => world.sim.activeRequests() > 0, 'requests are in flight');
          await world.kill();
          await sleepReal(realMs(world, 3_000));
          await world.restart();
        },
      });
      assert.ok(killed, 'the simulator was killed mid-run');
      // Once the breakers have rested, the provider must reconnect to the new simulator.
      await sleepReal(realMs(world, 16 * 5_000) + 50);
      const second = await runBatch(h.router, { count: 10, concurrency: 1, first: REQUESTS + 1 });
      return [...first, ...second];
    },
    check({ outcomes }) {
      const [during, after] = [outcomes.slice(0, REQUESTS), outcomes.slice(REQUESTS)];
      const hit = attempts(during).filter((a) => a.outcome !== 'ok');
      assert.ok(hit.length > 0, 'the kill broke calls in flight');
      for (const a of hit) assert.match(a.message!, /^((Could not reach Bedrock for |The connection to Bedrock timed out \(|The answer from Bedrock ended before it was complete \()profile shard-[ab], |\S+ sent no first token within 60 s \(timeouts\.firstTokenMs\)$)/, `${a.targetId}: ${a.message}`);
      for (const o of during.filter((x) => !succeeded(x))) {
        if (o.error!.kind === 'interrupted') assert.match(o.error!.message, /^The answer from \S+ stopped after about \d+ tokens: (Could not reach Bedrock|The answer from Bedrock ended before it was complete)/);
        else {
          assert.equal(o.error!.kind, 'unavailable');
          assert.match(o.error!.message, /^No target could serve route "main"(: gave up after \d attempts \(retry\.maxAttempts\))?\. (\S+: [^;]*(Could not reach Bedrock|timed out|no first token|ended before it was complete|cooling down|half-open)[^;]*(; |\.( |$)))+/, `request ${o.n}: ${o.error!.message}`);
        }
      }
      allServedBy(after, () => true, 'after the restart, the same provider reconnects');
    },
  },
  {
    name: 'SigV4 rejection (shard-b signs with a wrong secret)',
    arrange: (w) => w.writeFiles({ wrongSecret: { 'shard-b': 'wrongwrongwrongwrongwrongwrongwrongwrong' } }),
    async traffic(_w, h) {
      const main = await runBatch(h.router, { count: REQUESTS, concurrency: CONCURRENCY });
      const bOnly = await runBatch(h.router, { count: 4, concurrency: 2, first: REQUESTS + 1, routeOf: () => 'b-only' });
      return [...main, ...bOnly];
    },
    check({ outcomes }) {
      const main = outcomes.filter((o) => o.route === 'main');
      allServedBy(main, (o) => o.record.servedBy!.profile === 'shard-a', 'shard-b cannot sign');
      const rejected = attempts(main).filter((a) => a.outcome === 'credentials');
      assert.ok(rejected.length > 0, 'shard-b was tried');
      for (const a of rejected) assert.match(a.message!, /AWS rejected the request signature of profile "shard-b" \(InvalidSignatureException\): the secret key does not match the access key\. Fix the profile's aws_secret_access_key/);
      for (const o of outcomes.filter((x) => x.route === 'b-only')) {
        assert.ok(o.error, `request ${o.n} to b-only cannot be served`);
        assert.equal(o.error.kind, 'credentials', `request ${o.n}: every target of ${o.route} has a credentials problem, so the error must be that problem with its fix (kind credentials, which offers sign-in), not ${o.error.kind}: ${o.error.message}`);
        assert.match(o.error.message, /AWS rejected the request signature of profile "shard-b"/);
        assert.equal(o.error.profile, 'shard-b');
      }
    },
  },
  {
    name: 'expired credentials on one shard (shard-a)',
    arrange: (w) => w.sim.faults.accountExpired('shard-a'),
    async traffic(_w, h) {
      const main = await runBatch(h.router, { count: REQUESTS, concurrency: CONCURRENCY });
      const aOnly = await runBatch(h.router, { count: 4, concurrency: 2, first: REQUESTS + 1, routeOf: () => 'a-only' });
      return [...main, ...aOnly];
    },
    check({ outcomes }) {
      const main = outcomes.filter((o) => o.route === 'main');
      allServedBy(main, (o) => o.record.servedBy!.profile === 'shard-b', 'shard-a has expired');
      const expired = attempts(main).filter((a) => a.outcome === 'credentials');
      assert.ok(expired.length > 0, 'shard-a was tried');
      for (const a of expired) assert.match(a.message!, /The credentials of AWS profile "shard-a" have expired\. Run `aws sso login --profile shard-a`/);
      for (const o of outcomes.filter((x) => x.route === 'a-only')) {
        assert.ok(o.error, `request ${o.n} to a-only cannot be served`);
        assert.equal(o.error.kind, 'credentials', `request ${o.n}: every target of ${o.route} has a credentials problem, so the error must be that problem with its fix (kind credentials, which offers sign-in), not ${o.error.kind}: ${o.error.message}`);
        assert.match(o.error.message, /The credentials of AWS profile "shard-a" have expired/);
      }
    },
  },
];

describe('reliability: faults through the simulator and the real SDK, for each strategy', function () {
  this.timeout(60_000);
  guardProcess();
  let world: World;
  let defaultFiles: AwsFiles;

  before(async () => {
    world = await startWorld({ timeScale: TIME_SCALE });
    defaultFiles = await world.writeFiles();
  });
  after(() => world.close());

  for (const strategy of STRATEGY_NAMES) {
    describe(`strategy ${strategy}`, () => {
      for (const c of CASES) {
        it(`${c.name}: served by a healthy target or a clear error, reconciled, nothing left reserved`, async () => {
          await runCase(world, defaultFiles, strategy, c);
        });
      }
    });
  }
});

async function runCase(world: World, defaultFiles: AwsFiles, strategy: StrategyName, c: FaultCase): Promise<void> {
  world.sim.reset();
  world.sim.faults.clear();
  const files = (await c.arrange(world)) ?? defaultFiles;
  const settings = faultSettings(strategy);
  settings.routes!.push({ name: 'a-only', targets: ['a-east', 'a-west'], strategy });
  const h = makeRouter(world, files, settings);
  try {
    const outcomes = c.traffic ? await c.traffic(world, h) : await runBatch(h.router, { count: REQUESTS, concurrency: CONCURRENCY });
    await waitUntil(() => world.sim.activeRequests() === 0, 'the simulator has finished every call (aborted ones included)');
    c.check({ world, h, outcomes });
    reconcile(h, outcomes, outcomes.length);
    await assertSettled(h, world.sim);
    assert.deepEqual(world.internalErrors.splice(0), [], 'the simulator reported no internal error');
    if (c.compareWithSimulatorLog !== false) {
      const served = world.sim.invocationLog().filter((r) => r.outcome === 'success').length;
      assert.equal(served, outcomes.filter(succeeded).length, 'the simulator served each successful request exactly once');
    }
  } finally {
    h.dispose();
    world.sim.faults.clear();
  }
}
