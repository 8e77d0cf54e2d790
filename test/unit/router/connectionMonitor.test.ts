import assert from 'node:assert/strict';
import { ConnectionMonitor, type RealTimer } from '../../../src/router/limits/connectionMonitor';

/** A timer driven by the test: `fire()` runs the one pending callback. */
function manualTimer(): { timer: RealTimer; delays: number[]; fire: () => void; pending: () => boolean } {
  let pending: (() => void) | undefined;
  const delays: number[] = [];
  return {
    delays,
    timer: (ms, fn) => {
      delays.push(ms);
      pending = fn;
      return () => {
        if (pending === fn) pending = undefined;
      };
    },
    fire: () => {
      const fn = pending;
      pending = undefined;
      assert.ok(fn, 'a tick is scheduled');
      fn();
    },
    pending: () => pending !== undefined,
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('connection monitor: heartbeats while connected, probes while not', () => {
  it('probes until connected, then heartbeats at the heartbeat interval', async () => {
    const t = manualTimer();
    let connected = false;
    const calls: string[] = [];
    const m = new ConnectionMonitor({ heartbeatMs: 2000, probeMs: 1000, timer: t.timer, connected: () => connected, heartbeat: async () => void calls.push('heartbeat'), probe: async () => {
      calls.push('probe');
      connected = calls.length >= 2;
    } });
    m.schedule(0);
    for (let i = 0; i < 4; i++) {
      t.fire();
      await turn();
    }
    assert.deepEqual(calls, ['probe', 'probe', 'heartbeat', 'heartbeat']);
    assert.deepEqual(t.delays, [0, 1000, 2000, 2000, 2000]);
    m.stop();
    assert.equal(t.pending(), false, 'stop cancels the next tick');
    m.schedule(0);
    assert.equal(t.pending(), false, 'nothing is scheduled after stop');
  });

  it('runs one tick at a time: a tick due while one runs is pushed back by a probe interval', async () => {
    const t = manualTimer();
    let release!: () => void;
    let probes = 0;
    const m = new ConnectionMonitor({ heartbeatMs: 2000, probeMs: 1000, timer: t.timer, connected: () => false, heartbeat: async () => {}, probe: () => {
      probes++;
      return new Promise<void>((resolve) => (release = resolve));
    } });
    m.schedule(0);
    t.fire();
    m.schedule(0);
    t.fire();
    assert.equal(probes, 1, 'the second tick does not probe while the first runs');
    assert.deepEqual(t.delays, [0, 0, 1000]);
    release();
    await turn();
    assert.equal(t.delays.at(-1), 1000);
    m.stop();
  });
});
