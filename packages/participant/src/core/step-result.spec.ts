import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { StepResult, truncate } from './step-result.js';

describe('StepResult', () => {
  it('succeeded carries the output, and null when none is given', () => {
    expect(StepResult.succeeded({ id: 1 })).toEqual({ outcome: 'succeeded', output: { id: 1 } });
    expect(StepResult.succeeded()).toEqual({ outcome: 'succeeded', output: null });
  });

  it('failed carries the code and message', () => {
    expect(StepResult.failed('out-of-stock', 'sku X has only 3')).toEqual({ outcome: 'failed', code: 'out-of-stock', message: 'sku X has only 3' });
  });

  it('failed refuses an empty or overlong code', () => {
    expect(() => StepResult.failed('')).toThrow(RangeError);
    expect(() => StepResult.failed('x'.repeat(201))).toThrow(RangeError);
  });

  it('failed cuts a message longer than a reply allows', () => {
    expect(StepResult.failed('c', 'm'.repeat(5000)).message).toHaveLength(4000);
  });

  it('compensated has only its outcome', () => {
    expect(StepResult.compensated()).toEqual({ outcome: 'compensated' });
  });
});

describe(truncate.name, () => {
  test.prop([fc.string(), fc.integer({ min: 1, max: 50 })])('never returns more than max characters and keeps short text whole', (text, max) => {
    const cut = truncate(text, max);
    expect(cut.length).toBeLessThanOrEqual(max);
    if (text.length <= max) expect(cut).toBe(text);
  });
});
