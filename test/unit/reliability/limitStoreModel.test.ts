/**
 * Property-based test of the in-process limit store (issue 15): random interleavings of
 * admit, accept (restamp), settle (finish), cancel (refund) and clock jumps, checked
 * against a small reference model: the same decisions, never over a limit, every
 * reservation settled and every counter back to zero at the end.
 * The Redis store runs the same model in test/integration/redis/storeModel.test.ts.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Lease, MemoryLimitStore } from '../../../src/router';
import { LimitModel, TARGET, TENANT, opsArbitrary, specsOf } from '../../support/limitModel';

describe('limit store model: in-process store', () => {
  it('property: decisions match the model; limits hold; everything settles back to zero', () => {
    fc.assert(
      fc.property(opsArbitrary(1), (ops) => {
        const store = new MemoryLimitStore();
        const model = new LimitModel();
        let now = 1_700_000_000_000;
        const open: Array<{ id: number; lease: Lease }> = [];
        let id = 0;
        for (const o of ops) {
          if (o.op === 'jump') now += o.ms;
          else if (o.op === 'admit') {
            const specs = specsOf(o.specs);
            const expected = model.decide(specs, o.tokens, now);
            const got = store.admit(specs, o.tokens, now);
            assert.equal(got.ok, expected === undefined, `admit ${o.tokens} under ${o.specs} at +${now - 1_700_000_000_000}: model says ${expected ?? 'ok'}, store says ${got.ok ? 'ok' : `${got.key}:${got.limit}`}`);
            if (!got.ok) assert.equal(`${got.key}:${got.limit}`, expected);
            else {
              model.admit(++id, specs, o.tokens, now);
              open.push({ id, lease: got.lease });
              assert.equal(model.overLimit(specs, now), undefined);
            }
          } else if (open.length > 0) {
            const [l] = open.splice(o.pick % open.length, 1);
            if (o.op === 'finish') {
              store.finish(l!.lease, o.actual, now);
              model.finish(l!.id, o.actual, now);
            } else if (o.op === 'refund') {
              store.refund(l!.lease, now);
              model.refund(l!.id);
            } else {
              store.restamp(l!.lease, now);
              model.restamp(l!.id, now);
              open.push(l!);
            }
          }
          for (const key of [TARGET.key, TENANT.key]) {
            const s = store.usage(key, now);
            const m = model.usage(key, now);
            assert.deepEqual({ rpm: s.rpm, inFlight: s.inFlight }, { rpm: m.rpm, inFlight: m.inFlight }, `${key} after ${o.op}`);
          }
        }
        for (const l of open) store.finish(l.lease, 0, now);
        assert.equal(store.outstanding, 0, 'every reservation settled');
        assert.equal(store.inFlightTotal, 0, 'every slot given back');
        now += 60_001;
        for (const key of [TARGET.key, TENANT.key]) assert.deepEqual({ ...store.usage(key, now), tokensToday: 0 }, { rpm: 0, tpm: 0, inFlight: 0, tokensToday: 0 });
      }),
      { numRuns: 200, seed: 1515 },
    );
  });
});
