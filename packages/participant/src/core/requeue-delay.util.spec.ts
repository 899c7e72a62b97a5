import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RequeueDelay, requeueDelayMs } from './requeue-delay.util.js';

describe(requeueDelayMs.name, () => {
  it('starts short on a first delivery and doubles with each redelivery', () => {
    expect(requeueDelayMs(undefined)).toBe(RequeueDelay.initialMs);
    expect(requeueDelayMs(1)).toBe(RequeueDelay.initialMs * 2);
    expect(requeueDelayMs(2)).toBe(RequeueDelay.initialMs * 4);
  });

  test.prop([fc.anything()])('stays within bounds for any header value', (count) => {
    const delay = requeueDelayMs(count);
    expect(delay).toBeGreaterThanOrEqual(RequeueDelay.initialMs);
    expect(delay).toBeLessThanOrEqual(RequeueDelay.maxMs);
  });
});
