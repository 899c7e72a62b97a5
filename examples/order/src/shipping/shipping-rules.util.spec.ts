import { describe, expect, it } from 'vitest';
import { isDestinationServed } from './shipping-rules.util.js';

describe(isDestinationServed.name, () => {
  it('refuses Antarctica in any case and serves other countries', () => {
    expect(isDestinationServed('AQ')).toBe(false);
    expect(isDestinationServed('aq')).toBe(false);
    expect(isDestinationServed('FR')).toBe(true);
  });
});
