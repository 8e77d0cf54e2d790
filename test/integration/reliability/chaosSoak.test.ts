/**
 * The chaos soak (issue 15), short form for CI: a few hundred requests from two routers
 * sharing limits through Redis while Region outages, throttling, hangs, resets, simulator
 * restarts and Redis restarts strike. `npm run soak` runs the long form (RLLM_SOAK=long).
 * What it checks is in chaos.ts.
 */
import assert from 'node:assert/strict';
import { chaosSoak } from './chaos';
import { guardProcess } from './harness';

const LONG = process.env.RLLM_SOAK === 'long';

describe(`chaos soak (${LONG ? 'long' : 'short'} form): two routers, Redis, and a simulator under random faults`, function () {
  this.timeout(LONG ? 1_800_000 : 120_000);
  guardProcess();

  const seeds = LONG ? [1, 2, 3, 4, 5] : [15];
  for (const seed of seeds) {
    it(`seed ${seed}: totals reconcile request by request, limits hold per the simulator's log, memory bounded, no unhandled rejection`, async () => {
      const r = await chaosSoak({ requestsPerRouter: LONG ? 1_500 : 120, seed });
      assert.ok(r.events.length > 0, 'chaos struck');
      assert.ok(r.succeeded > 0, 'requests were served');
      assert.ok(r.maxInFlight >= 2, `the limits were exercised (peak ${r.maxInFlight} in flight on one target)`);
      if (LONG) {
        const counts = new Map<string, number>();
        for (const e of r.events) counts.set(e, (counts.get(e) ?? 0) + 1);
        console.log(`    ${r.requests} requests, ${r.succeeded} served, peak ${r.maxInFlight} in flight on one target; chaos: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
      }
    });
  }
});
