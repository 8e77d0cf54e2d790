import assert from 'node:assert/strict';
import { ManualClock, ScaledClock } from '../../src/core/clock';

describe('clocks', () => {
  it('ManualClock fires sleeps in time order only when advanced', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    void clock.sleep(50).then(() => fired.push('b'));
    void clock.sleep(10).then(() => fired.push('a'));
    await clock.advance(5);
    assert.deepEqual(fired, []);
    await clock.advance(100);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.now(), 1105);
  });

  it('ManualClock sleeps reject when aborted and leave no timer behind', async () => {
    const clock = new ManualClock();
    const ac = new AbortController();
    const p = clock.sleep(100, ac.signal);
    assert.equal(clock.pending, 1);
    ac.abort();
    await assert.rejects(p, /aborted/);
    assert.equal(clock.pending, 0);
  });

  it('ScaledClock runs simulated time faster than real time', async () => {
    const clock = new ScaledClock(100);
    const start = clock.now();
    await clock.sleep(1000); // 10 real ms
    assert.ok(clock.now() - start >= 900, `advanced ${clock.now() - start} simulated ms`);
  });

  it('ScaledClock rejects a non-positive scale with a message naming it', () => {
    assert.throws(() => new ScaledClock(0), /time scale must be a positive number/);
  });
});
