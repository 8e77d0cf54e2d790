import assert from 'node:assert/strict';
import { UsageLedger } from '../../../src/router/limits/usageLedger';

const DAY = 86_400_000;
const T = 20_000 * DAY + 3_600_000;

describe('usage ledger: what Redis must be told after an outage', () => {
  it('replays admissions made locally, once, and nothing Redis already has', () => {
    const ledger = new UsageLedger('p1');
    const inRedis = ledger.add('p1.1', ['tenant:w'], T, 500, true);
    const local = ledger.add('p1.2', ['tenant:w', 'target:a'], T + 10, 500, false);
    const inFlight = ledger.add('p1.3', ['tenant:w'], T + 20, 500, false);
    ledger.finish(inRedis, 100, true);
    ledger.finish(local, 120, false);
    const batch = ledger.nextReplay(T + 30)!;
    // The running admission counts too, with its reservation: its request is in the window now (issue 15).
    assert.deepEqual(batch.keys, [
      { key: 'tenant:w', dayDelta: 620, entries: [{ member: 'p1.2', at: T + 10, tokens: 120 }, { member: 'p1.3', at: T + 20, tokens: 500 }] },
      { key: 'target:a', dayDelta: 120, entries: [{ member: 'p1.2', at: T + 10, tokens: 120 }] },
    ]);
    assert.equal(ledger.nextReplay(T + 40), batch, 'the same batch until it is confirmed (its id makes a retry harmless)');
    ledger.confirm(batch);
    assert.equal(ledger.nextReplay(T + 50), undefined, 'nothing left');
    ledger.finish(inFlight, 80, false);
    // Settled: the day moves by the difference; the window entry is already there (Redis adds a member once).
    assert.deepEqual(ledger.nextReplay(T + 60)!.keys, [{ key: 'tenant:w', dayDelta: -420, entries: [{ member: 'p1.3', at: T + 20, tokens: 80, was: 500 }] }]);
  });

  it('after Redis lost its data, replays everything this process used today exactly once, even settlements that come back "lost"', () => {
    const ledger = new UsageLedger('p1');
    const old = ledger.add('p1.1', ['k'], T, 300, true);
    ledger.finish(old, 300, true);
    ledger.prune(T + 61_000); // left the window: kept only as a day total
    assert.equal(ledger.size, 0);
    const recent = ledger.add('p1.2', ['k'], T + 60_000, 400, true);
    ledger.finish(recent, 200, true); // its settlement is still on its way to Redis
    const running = ledger.add('p1.3', ['k'], T + 60_500, 400, true);

    ledger.lost();
    const batch = ledger.nextReplay(T + 61_000)!;
    assert.deepEqual(
      batch.keys,
      [{ key: 'k', dayDelta: 900, entries: [{ member: 'p1.2', at: T + 60_000, tokens: 200 }, { member: 'p1.3', at: T + 60_500, tokens: 400 }] }],
      'the day total of the pruned one, the recent one in full, and the running one with its reservation',
    );
    ledger.confirm(batch);
    ledger.settledLost(recent); // the pending settlement finds the lease gone: already replayed above
    assert.equal(ledger.nextReplay(T + 61_100), undefined);
    ledger.finish(running, 50, true);
    ledger.settledLost(running); // finished after the loss: Redis never had it under the new data
    assert.deepEqual(ledger.nextReplay(T + 61_200)!.keys, [{ key: 'k', dayDelta: -350, entries: [{ member: 'p1.3', at: T + 60_500, tokens: 50, was: 400 }] }], 'its real usage replaces the replayed reservation');
  });

  it('forgets past days and stays as small as one window', () => {
    const ledger = new UsageLedger('p1');
    for (let i = 0; i < 1_000; i++) ledger.finish(ledger.add(`p1.${i}`, ['k'], T + i * 100, 10, false), 10, false);
    ledger.prune(T + 1_000 * 100 + 60_000);
    assert.equal(ledger.size, 0, 'every admission left the window');
    const batch = ledger.nextReplay(T + 1_000 * 100 + 60_000)!;
    assert.deepEqual(batch.keys, [{ key: 'k', dayDelta: 10_000, entries: [] }], 'their tokens still count today');
    ledger.confirm(batch);
    ledger.lost();
    ledger.prune(T + DAY);
    assert.equal(ledger.nextReplay(T + DAY), undefined, 'a new day: nothing from yesterday is replayed');
  });
});
