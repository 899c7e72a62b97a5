import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DeadLetterReasons, formatDeadLetterReason, MaxReasonLength } from './dead-letter-reason.js';

describe(formatDeadLetterReason.name, () => {
  it('puts the code first, then the detail', () => {
    expect(formatDeadLetterReason({ reason: DeadLetterReasons.notJson, detail: 'Unexpected token n' })).toBe('not-json: Unexpected token n');
  });

  it('is the bare code when there is no detail', () => {
    expect(formatDeadLetterReason({ reason: DeadLetterReasons.oversized, detail: '  ' })).toBe('oversized');
  });

  test.prop([fc.constantFrom(...Object.values(DeadLetterReasons)), fc.string({ maxLength: 3000 })])(
    'is one bounded line that starts with the code, for any detail',
    (reason, detail) => {
      const text = formatDeadLetterReason({ reason, detail });
      expect(text.startsWith(reason)).toBe(true);
      expect(text.length).toBeLessThanOrEqual(MaxReasonLength);
      expect(text).not.toMatch(/[\r\n]/);
    },
  );
});
