import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { hasRoomForAnotherSaga } from './has-room-for-another-saga.rule.js';

describe(hasRoomForAnotherSaga.name, () => {
  it('allows a start below the limit and refuses one at the limit', () => {
    expect(hasRoomForAnotherSaga(9, 10)).toBe(true);
    expect(hasRoomForAnotherSaga(10, 10)).toBe(false);
  });

  test.prop([fc.nat(10_000), fc.integer({ min: 1, max: 10_000 })])('never lets the count go past the limit', (inFlight, limit) => {
    if (hasRoomForAnotherSaga(inFlight, limit)) expect(inFlight + 1).toBeLessThanOrEqual(limit);
    else expect(inFlight).toBeGreaterThanOrEqual(limit);
  });
});
