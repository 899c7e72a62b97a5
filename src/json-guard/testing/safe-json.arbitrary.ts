/** Test data for the JSON guard specs (fast-check arbitraries); not used by the application. */
import { fc } from '@fast-check/vitest';
import { isForbiddenJsonKey } from '../json-value-guard.util.js';

/** Well-formed strings without U+0000: what a client may legitimately send. */
export const safeJsonString = fc.string({ unit: 'grapheme', maxLength: 12 }).map((value) => value.replaceAll('\u0000', ''));

/** Keys a client may legitimately send. */
export const safeJsonKey = safeJsonString.filter((key) => !isForbiddenJsonKey(key));

/** Any JSON value within the default limits (depth ≤ 6, arrays ≤ 8): the guards must pass these unchanged. */
export const safeJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    safeJsonString,
    fc.array(tie('value'), { maxLength: 8 }),
    fc.dictionary(safeJsonKey, tie('value'), { maxKeys: 6 }),
  ),
})).value;
