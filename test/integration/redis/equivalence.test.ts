import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { seededRandom } from '../../../src/core/rng';
import { MemoryLimitStore } from '../../../src/router/limits/memoryStore';
import { RedisLimitStore } from '../../../src/router/limits/redisStore';
import { type Admission, type Lease, type LimitSpec } from '../../../src/router/limits/types';
import { RedisServer } from '../../../src/bench/redisServer';

const DAY = 86_400_000;

/** The shape both stores must agree on (lease ids differ by design). */
function decision(a: Admission): unknown {
  if (a.ok) return { ok: true, tokens: a.lease.tokens };
  return { ...a };
}

describe('Redis limit store: the Lua scripts match the in-process store', function () {
  this.timeout(120_000);
  let server: RedisServer;
  let redis: Redis;

  before(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url, { lazyConnect: true });
    await redis.connect();
  });

  after(async () => {
    await redis?.quit();
    await server?.dispose();
  });

  const pool: LimitSpec[] = [
    { key: 'target:a', rpm: 7, tpm: 9_000, concurrency: 3 },
    { key: 'target:b', tpm: 4_000 },
    { key: 'target:c', rpm: 3, concurrency: 2 },
    { key: 'tenant:x', rpm: 10, tpm: 12_000, tokensPerDay: 40_000 },
    { key: 'tenant:y', tokensPerDay: 9_000 },
    { key: 'tenant:z' },
  ];

  for (const seed of [1, 2, 3]) {
    it(`a randomized run of admissions, finishes and cooldowns gives identical decisions and usage (seed ${seed})`, async () => {
      const rnd = seededRandom(seed);
      const memory = new MemoryLimitStore();
      const shared = new RedisLimitStore({ redis, keyPrefix: `eq${seed}:`, leaseTtlMs: 10 * DAY });
      // Start 3 minutes before a UTC midnight so daily budgets reset mid-run.
      let now = 19_700 * DAY - 180_000 + (seed === 3 ? 0.25 : 0);
      const open: Array<{ m: Lease; r: Lease }> = [];
      const counts = { admitted: 0, denied: new Map<string, number>(), restamped: 0, finished: 0, cooldowns: 0 };
      for (let step = 0; step < 2_000; step++) {
        const roll = rnd();
        if (roll < 0.3) now += Math.floor(rnd() * 4_000) + (seed === 3 ? rnd() : 0);
        else if (roll < 0.33) now += 30_000 + Math.floor(rnd() * 40_000);
        const op = rnd();
        if (op < 0.6 || open.length === 0) {
          const specs = pool.filter(() => rnd() < 0.4);
          if (specs.length === 0) specs.push(pool[Math.floor(rnd() * pool.length)]!);
          // Round amounts half the time, so sums land exactly on limits and boundaries are compared too.
          const tokens = rnd() < 0.05 ? 10_000 + Math.floor(rnd() * 40_000) : rnd() < 0.5 ? 500 * (1 + Math.floor(rnd() * 4)) : 50 + Math.floor(rnd() * 2_500);
          const m = memory.admit(specs, tokens, now);
          const r = await shared.admit(specs, tokens, now);
          assert.deepEqual(decision(r), decision(m), `step ${step}: admit ${JSON.stringify(specs.map((s) => s.key))} ${tokens} at ${now}`);
          if (m.ok && r.ok) {
            open.push({ m: m.lease, r: r.lease });
            counts.admitted++;
          } else if (!m.ok) {
            counts.denied.set(m.limit, (counts.denied.get(m.limit) ?? 0) + 1);
          }
        } else if (op < 0.66) {
          // Bedrock accepted an open request: both stores move its entries to now.
          const { m, r } = open[Math.floor(rnd() * open.length)]!;
          memory.restamp(m, now);
          assert.equal(await shared.restampShared(shared.lease(r.id)!, now), true);
          counts.restamped++;
        } else if (op < 0.95) {
          const i = Math.floor(rnd() * open.length);
          const { m, r } = open.splice(i, 1)[0]!;
          const actual = rnd() < 0.1 ? 0 : rnd() < 0.3 ? 500 * Math.floor(rnd() * 4) : Math.floor(rnd() * m.tokens * 1.2);
          memory.finish(m, actual, now);
          await shared.finish(r, actual, now);
          counts.finished++;
        } else {
          const key = pool[Math.floor(rnd() * 3)]!.key;
          const until = now + 1_000 + Math.floor(rnd() * 20_000);
          memory.setCooldown(key, until, `${step} failures`, now);
          await shared.setCooldown(key, until, `${step} failures`, now);
          counts.cooldowns++;
        }
        if (step % 10 === 0) {
          await shared.refreshUsage(pool.map((s) => s.key), now);
          for (const s of pool) assert.deepEqual(shared.usage(s.key, now), memory.usage(s.key, now), `step ${step}: usage of ${s.key} at ${now}`);
        }
      }
      // The run exercised every kind of decision, so the comparison means something.
      assert.ok(counts.admitted > 300, `admitted ${counts.admitted}`);
      assert.ok(counts.restamped > 50, `restamped ${counts.restamped}`);
      for (const kind of ['rpm', 'tpm', 'concurrency', 'tokensPerDay', 'cooldown']) assert.ok((counts.denied.get(kind) ?? 0) > 5, `denials by ${kind}: ${counts.denied.get(kind) ?? 0}`);
      assert.ok(now > 19_700 * DAY, 'the run crossed midnight');
      for (const { m, r } of open) {
        memory.finish(m, 1, now);
        await shared.finish(r, 1, now);
      }
      assert.equal(shared.outstanding, 0);
      assert.equal(await redis.keys(`eq${seed}:lease:*`).then((k) => k.length), 0, 'every lease key is gone once settled');
    });
  }

  it('agrees on every boundary: exactly at a limit, exactly 60 s later, exactly at the end of a cooldown, exactly at midnight', async () => {
    const memory = new MemoryLimitStore();
    const shared = new RedisLimitStore({ redis, keyPrefix: 'edge:' });
    const t0 = 19_800 * DAY - 120_000; // midnight is at t0 + 120 s
    const specs: LimitSpec[] = [{ key: 'k', rpm: 2, tpm: 1_000, tokensPerDay: 1_500 }];
    const steps: Array<[at: number, tokens: number]> = [
      [t0, 500], // fits
      [t0 + 1, 500], // rpm and tpm exactly full
      [t0 + 2, 1], // denied
      [t0 + 59_999, 1], // still denied: the first entry leaves at exactly t0 + 60 s
      [t0 + 60_000, 500], // one entry left the window; the day reaches exactly its budget
      [t0 + 60_001, 1], // the window has room, the day does not
      [t0 + 120_000, 1], // midnight: the budget resets
    ];
    const outcomes: string[] = [];
    for (const [at, tokens] of steps) {
      const m = memory.admit(specs, tokens, at);
      assert.deepEqual(decision(await shared.admit(specs, tokens, at)), decision(m), `admit ${tokens} at t0 + ${at - t0}`);
      outcomes.push(m.ok ? 'ok' : m.limit);
    }
    const until = t0 + 200_000;
    memory.setCooldown('k', until, 'a test', t0 + 120_000);
    await shared.setCooldown('k', until, 'a test', t0 + 120_000);
    for (const at of [until - 1, until]) {
      const m = memory.admit(specs, 1, at);
      assert.deepEqual(decision(await shared.admit(specs, 1, at)), decision(m), `admit at the cooldown's end - ${until - at}`);
      outcomes.push(m.ok ? 'ok' : m.limit);
    }
    assert.deepEqual(outcomes, ['ok', 'ok', 'rpm', 'rpm', 'ok', 'tokensPerDay', 'ok', 'cooldown', 'ok']);
  });

  it('a request Bedrock accepted late holds its slot until 60 s after acceptance, for every process', async () => {
    const here = new RedisLimitStore({ redis, keyPrefix: 'accept:' });
    const there = new RedisLimitStore({ redis, keyPrefix: 'accept:' });
    const spec = { key: 'target:slow', rpm: 1, tpm: 1_000 };
    const t = 20_100 * DAY;
    const a = await here.admit([spec], 600, t);
    assert.ok(a.ok);
    const lease = here.lease(a.lease.id)!;
    assert.equal(await here.restampShared(lease, t + 20_000), true, 'accepted 20 s after admission');
    await here.finish(a.lease, 400, t + 21_000);
    assert.equal(await here.restampShared(lease, t + 22_000), false, 'a settled lease stays where it is');
    const early = await there.admit([spec], 100, t + 61_000);
    assert.equal(early.ok, false, 'at admission + 61 s the slot is still taken');
    assert.equal(!early.ok && early.limit, 'rpm');
    assert.equal(!early.ok && early.retryAfterMs, 19_001, 'it frees 60 s after acceptance');
    await there.refreshUsage([spec.key], t + 61_000);
    assert.deepEqual(there.usage(spec.key, t + 61_000), { rpm: 1, tpm: 400, inFlight: 0, tokensToday: 400 }, 'the settled tokens moved with it');
    assert.ok((await there.admit([spec], 100, t + 80_001)).ok);
  });

  it('finishing twice settles once; a lost reply can be cancelled exactly once', async () => {
    const store = new RedisLimitStore({ redis, keyPrefix: 'once:' });
    const spec = { key: 'tenant:w', rpm: 5, tpm: 1_000, concurrency: 1, tokensPerDay: 5_000 };
    const now = 20_000 * DAY + 1_000;
    const a = await store.admit([spec], 800, now);
    assert.ok(a.ok);
    const lease = store.lease(a.lease.id)!;
    assert.equal(await store.settle(lease, 100, now + 1), 'settled');
    assert.equal(await store.settle(lease, 100, now + 2), 'gone', 'a second settle changes nothing');
    await store.refreshUsage([spec.key], now + 3);
    assert.deepEqual(store.usage(spec.key, now + 3), { rpm: 1, tpm: 100, inFlight: 0, tokensToday: 100 });

    const member = store.newMember();
    const b = await store.admitAs(member, [spec], 300, now + 10);
    assert.ok(b.ok, 'admitted, but suppose the reply was lost');
    assert.equal(await store.cancel(member, [spec], now + 10, now + 20), true);
    assert.equal(await store.cancel(member, [spec], now + 10, now + 30), false, 'a second cancel changes nothing');
    await store.refreshUsage([spec.key], now + 40);
    assert.deepEqual(store.usage(spec.key, now + 40), { rpm: 1, tpm: 100, inFlight: 0, tokensToday: 100 }, 'as if the cancelled admission never happened');
  });

  it('a replay batch lands at most once, and window entries Redis already has are not added again', async () => {
    const store = new RedisLimitStore({ redis, keyPrefix: 'replay:' });
    const now = 20_001 * DAY + 3_600_000;
    const admitted = await store.admit([{ key: 'k', rpm: 100 }], 40, now - 1_000);
    assert.ok(admitted.ok);
    await store.finish(admitted.lease, 30, now - 500);
    const known = (await redis.zrange('replay:k:req', '0', '-1'))[0]!;
    const batch = {
      id: 'test.1',
      keys: [
        {
          key: 'k',
          dayDelta: 70,
          entries: [
            { member: 'local.1', at: now - 2_000, tokens: 50 },
            { member: 'local.2', at: now - 61_000, tokens: 20 }, // out of the window: day only
            { member: known, at: now - 1_000, tokens: 30 }, // Redis has it already
          ],
        },
      ],
    };
    await store.record(batch, now);
    await store.record(batch, now); // a retry after a lost reply
    await store.refreshUsage(['k'], now);
    assert.deepEqual(store.usage('k', now), { rpm: 2, tpm: 80, inFlight: 0, tokensToday: 100 });
  });

  it('a live process renews its leases; a vanished one gives its concurrency slots back after the lease TTL', async () => {
    const store = new RedisLimitStore({ redis, keyPrefix: 'renew:', leaseTtlMs: 300 });
    const spec = { key: 'target:slow', concurrency: 1 };
    const held = await store.admit([spec], 1, Date.now());
    assert.ok(held.ok);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 150));
      await store.renew(Date.now());
    }
    const busy = await store.admit([spec], 1, Date.now());
    assert.ok(!busy.ok && busy.limit === 'concurrency', '600 ms after admission, the renewed lease still holds its slot');
    await new Promise((r) => setTimeout(r, 400)); // no renewal: as if the process had crashed
    const after = await store.admit([spec], 1, Date.now());
    assert.ok(after.ok, 'the slot came back once the lease expired');
    await store.finish(held.lease, 1, Date.now()); // the slow request ends after all
    const third = await store.admit([spec], 1, Date.now());
    assert.ok(!third.ok && third.limit === 'concurrency', "finishing the expired lease did not free the new lease's slot");
    await store.finish(after.lease, 1, Date.now());
  });

  it('every key carries a TTL a little beyond its window, and the day counter expires after its day', async () => {
    const store = new RedisLimitStore({ redis, keyPrefix: 'ttl:', leaseTtlMs: 30_000 });
    const now = Date.now();
    const spec = { key: 'target:t', rpm: 100, tpm: 100_000, concurrency: 5, tokensPerDay: 1_000_000 };
    const held = await store.admit([spec], 500, now);
    const settled = await store.admit([spec], 500, now);
    assert.ok(held.ok && settled.ok);
    await store.finish(settled.lease, 200, now);
    await store.setCooldown(spec.key, now + 5_000, 'a test', now);
    await store.heartbeat(6_000);
    const keys = await redis.keys('ttl:*');
    const names = keys.map((k) => k.slice('ttl:'.length)).sort();
    const day = Math.floor(now / DAY);
    assert.deepEqual(names, ['epoch', 'instances', `lease:${store.lease(held.lease.id)!.member}`, 'target:t:cooldown', `target:t:day:${day}`, 'target:t:inflight', 'target:t:req', 'target:t:tok', 'target:t:toktotal'].sort());
    const ttl = async (suffix: string) => redis.pttl(`ttl:${suffix}`);
    for (const k of ['target:t:req', 'target:t:tok', 'target:t:toktotal']) {
      const t = await ttl(k);
      assert.ok(t > 60_000 && t <= 70_000, `${k}: ${t} ms`);
    }
    const dayTtl = await ttl(`target:t:day:${day}`);
    const untilMidnight = (day + 1) * DAY - now;
    assert.ok(dayTtl > untilMidnight && dayTtl <= untilMidnight + 3_600_000 + 1_000, `day counter: ${dayTtl} ms, midnight in ${untilMidnight} ms`);
    for (const k of ['target:t:inflight', `lease:${store.lease(held.lease.id)!.member}`]) {
      const t = await ttl(k);
      assert.ok(t > 30_000 && t <= 40_000, `${k}: ${t} ms`);
    }
    const cool = await ttl('target:t:cooldown');
    assert.ok(cool > 5_000 && cool <= 15_000, `cooldown: ${cool} ms`);
    assert.ok((await ttl('instances')) > 0 && (await ttl('epoch')) > DAY, 'heartbeat and epoch keys expire too');
    await store.finish(held.lease, 0, now);
  });

  it('teams sharing one Redis under different prefixes do not see each other', async () => {
    const a = new RedisLimitStore({ redis, keyPrefix: 'team-a:' });
    const b = new RedisLimitStore({ redis, keyPrefix: 'team-b:' });
    const spec = { key: 'target:same', rpm: 2 };
    const now = Date.now();
    for (let i = 0; i < 2; i++) assert.ok((await a.admit([spec], 1, now)).ok);
    assert.equal((await a.admit([spec], 1, now)).ok, false, 'team a is at its limit');
    for (let i = 0; i < 2; i++) assert.ok((await b.admit([spec], 1, now)).ok, 'team b has its own');
  });
});
