import assert from 'node:assert/strict';
import { formatMs } from '../../src/core/duration';

describe('core: formatMs', () => {
  it('says milliseconds under a second, seconds (one decimal under ten) under two minutes, then minutes', () => {
    assert.deepEqual([-5, 0, 849.6, 999].map(formatMs), ['0 ms', '0 ms', '850 ms', '999 ms']);
    assert.deepEqual([1000, 4_240, 9_949, 10_000, 41_400, 119_999].map(formatMs), ['1.0 s', '4.2 s', '9.9 s', '10 s', '41 s', '120 s']);
    assert.deepEqual([120_000, 150_000, 3_600_000].map(formatMs), ['2 min', '3 min', '60 min']);
  });
});
