import { describe, expect, it } from 'vitest';
import { DefaultJsonLimits, jsonLimitsFromEnv } from './json-limits.js';

describe(jsonLimitsFromEnv.name, () => {
  it('defaults the body limit to 256kb', () => {
    expect(jsonLimitsFromEnv({})).toEqual(DefaultJsonLimits);
    expect(DefaultJsonLimits.bodyLimit).toBe('256kb');
  });

  it('takes HTTP_BODY_LIMIT when it is a size', () => {
    expect(jsonLimitsFromEnv({ HTTP_BODY_LIMIT: '1mb' }).bodyLimit).toBe('1mb');
    expect(jsonLimitsFromEnv({ HTTP_BODY_LIMIT: '2048' }).bodyLimit).toBe('2048');
  });

  it('fails at start-up on a malformed HTTP_BODY_LIMIT instead of guessing', () => {
    expect(() => jsonLimitsFromEnv({ HTTP_BODY_LIMIT: 'lots' })).toThrow(/HTTP_BODY_LIMIT/);
  });
});
