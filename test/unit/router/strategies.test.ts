import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/rng';
import { type Candidate, createStrategy } from '../../../src/router/strategies';

const cand = (id: string, over: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, inFlight: 0, outstandingTokens: 0, ttftMs: undefined, ...over });

describe('strategies', () => {
  it('shuffle leads with each target in proportion to its weight', () => {
    const s = createStrategy('shuffle');
    const random = seededRandom(42);
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[s.order([cand('a', { weight: 3 }), cand('b', { weight: 1 })], random)[0]!.id]!++;
    assert.ok(Math.abs(counts.a! / 10_000 - 0.75) < 0.02, JSON.stringify(counts));
  });

  it('round-robin starts one further along each time', () => {
    const s = createStrategy('round-robin');
    const cs = [cand('a'), cand('b'), cand('c')];
    assert.deepEqual([0, 1, 2, 3].map(() => s.order(cs, Math.random).map((c) => c.id).join('')), ['abc', 'bca', 'cab', 'abc']);
  });

  it('least-busy prefers fewer in flight, then fewer reserved tokens', () => {
    const s = createStrategy('least-busy');
    const order = s.order([cand('a', { inFlight: 2 }), cand('b', { inFlight: 1, outstandingTokens: 500 }), cand('c', { inFlight: 1, outstandingTokens: 100 })], seededRandom(1));
    assert.deepEqual(order.map((c) => c.id), ['c', 'b', 'a']);
  });

  it('least-busy measures load against each target\'s size (weight)', () => {
    const s = createStrategy('least-busy');
    const order = s.order([cand('small', { inFlight: 1, weight: 10 }), cand('big', { inFlight: 2, weight: 30 })], seededRandom(1));
    assert.deepEqual(order.map((c) => c.id), ['big', 'small'], '2 of 30 is less busy than 1 of 10');
  });

  it('least-busy breaks ties among idle targets in proportion to their weight', () => {
    const s = createStrategy('least-busy');
    const random = seededRandom(5);
    const counts: Record<string, number> = { big: 0, small: 0 };
    for (let i = 0; i < 10_000; i++) counts[s.order([cand('small', { weight: 10 }), cand('big', { weight: 30 })], random)[0]!.id]!++;
    assert.ok(Math.abs(counts.big! / 10_000 - 0.75) < 0.02, JSON.stringify(counts));
  });

  it('latency draws its two choices in proportion to weight: equally fast targets share by quota', () => {
    const s = createStrategy('latency');
    const random = seededRandom(9);
    const three = [cand('a', { ttftMs: 400, weight: 10 }), cand('b', { ttftMs: 400, weight: 10 }), cand('c', { ttftMs: 400, weight: 80 })];
    const leads: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) leads[s.order(three, random)[0]!.id]!++;
    assert.ok(Math.abs(leads.c! / 10_000 - 0.8) < 0.02, JSON.stringify(leads));
  });

  it('latency sends most traffic to the faster target and tries unmeasured ones first', () => {
    const s = createStrategy('latency');
    const random = seededRandom(3);
    const counts: Record<string, number> = { fast: 0, slow: 0 };
    for (let i = 0; i < 1000; i++) counts[s.order([cand('fast', { ttftMs: 100 }), cand('slow', { ttftMs: 900 })], random)[0]!.id]!++;
    assert.equal(counts.fast, 1000, 'with two targets, power of two choices always compares both');
    assert.equal(s.order([cand('fast', { ttftMs: 100 }), cand('new')], random)[0]!.id, 'new');
    const three = [cand('fast', { ttftMs: 100 }), cand('mid', { ttftMs: 300 }), cand('slow', { ttftMs: 900 })];
    const leads: Record<string, number> = { fast: 0, mid: 0, slow: 0 };
    for (let i = 0; i < 3000; i++) leads[s.order(three, random)[0]!.id]!++;
    assert.equal(leads.slow, 0, 'the slowest of three never leads');
    assert.ok(leads.fast! > leads.mid!);
  });

  it('latency: a nearly saturated faster target gives the lead to one with room; with room, speed decides', () => {
    const s = createStrategy('latency');
    const random = seededRandom(4);
    const lead = (fast: number | undefined, slow: number | undefined) => s.order([cand('fast', { ttftMs: 100, headroom: fast }), cand('slow', { ttftMs: 900, headroom: slow })], random)[0]!.id;
    assert.equal(lead(0.5, 1), 'fast', 'half its window free: the faster still leads');
    assert.equal(lead(0.3, 1), 'fast', 'at the 30% reserve it still has room');
    assert.equal(lead(0.1, 0.9), 'slow', 'under 30% of its limits free, the one with room leads');
    assert.equal(lead(0.1, undefined), 'slow', 'a target without limits has room');
    assert.equal(lead(0.05, 0.2), 'slow', 'both nearly saturated: the most room leads');
    assert.equal(lead(0.2, 0.05), 'fast');
    const order = s.order([cand('full', { ttftMs: 100, headroom: 0 }), cand('mid', { ttftMs: 300, headroom: 0.2 }), cand('roomy', { ttftMs: 900, headroom: 0.9 }), cand('quick', { ttftMs: 200, headroom: 0.6 })], random);
    assert.deepEqual(order.slice(1).map((c) => c.id), [...['quick', 'roomy', 'mid', 'full'].filter((id) => id !== order[0]!.id)], 'failover: targets with room by speed, then the rest by room');
  });
});
