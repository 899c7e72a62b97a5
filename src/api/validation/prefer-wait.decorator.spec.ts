import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preferredWaitSeconds } from './prefer-wait.decorator.js';

describe(preferredWaitSeconds.name, () => {
  it('reads the wait preference among others, case-insensitively, quoted or not', () => {
    expect(preferredWaitSeconds('wait=10')).toBe(10);
    expect(preferredWaitSeconds('respond-async, WAIT = 5')).toBe(5);
    expect(preferredWaitSeconds('return=minimal; foo=bar, wait="7"; x')).toBe(7);
    expect(preferredWaitSeconds('wait=0')).toBe(0);
  });

  it('takes the first wait only (RFC 7240 §2)', () => {
    expect(preferredWaitSeconds('wait=3, wait=9')).toBe(3);
  });

  it('ignores what is absent or not delta-seconds', () => {
    for (const header of [
      undefined,
      '',
      'respond-async',
      'wait',
      'wait=',
      'wait=-1',
      'wait=1.5',
      'wait=ten',
      'wait=1e3',
      'wait=9999999999',
      'waiting=3',
    ])
      expect(preferredWaitSeconds(header), String(header)).toBeUndefined();
    expect(preferredWaitSeconds(`wait=1,${' '.repeat(2000)}`)).toBeUndefined();
  });

  it('never throws, and yields only non-negative integers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const seconds = preferredWaitSeconds(header);
        expect(seconds === undefined || (Number.isInteger(seconds) && seconds >= 0)).toBe(true);
      }),
    );
  });
});
