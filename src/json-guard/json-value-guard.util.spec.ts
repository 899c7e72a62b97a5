import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DefaultJsonValueLimits } from './json-value-limits.js';
import { findJsonViolation, isForbiddenJsonKey, isUnstorableString } from './json-value-guard.util.js';
import { safeJsonKey, safeJsonValue } from './testing/safe-json.arbitrary.js';

const limits = DefaultJsonValueLimits;

/** Places `inner` somewhere inside `outer` by following a random path of new keys and array slots. */
const nestedUnder = (inner: unknown) =>
  fc
    .array(
      fc.oneof(
        safeJsonKey.map((key) => ({ key })),
        fc.constant('array' as const),
      ),
      { maxLength: 5 },
    )
    .map((path) => path.reduceRight<unknown>((value, step) => (step === 'array' ? [value] : { [step.key]: value }), inner));

describe(findJsonViolation.name, () => {
  test.prop([safeJsonValue])('passes any JSON value within the limits, and leaves it unchanged', (value) => {
    const before = structuredClone(value);
    expect(findJsonViolation(value, limits)).toBeUndefined();
    expect(value).toEqual(before);
  });

  test.prop([fc.constantFrom('__proto__', 'constructor', 'prototype').chain((key) => nestedUnder(JSON.parse(`{"${key}": {"polluted": true}}`)))])(
    'rejects any object with a prototype key anywhere',
    (value) => {
      expect(findJsonViolation(value, limits)?.problemType).toBe('forbidden-json-key');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('points at the offending key', () => {
    expect(findJsonViolation(JSON.parse('{"input": {"a/b": [{"__proto__": 1}]}}'), limits)?.pointer).toBe('/input/a~1b/0/__proto__');
  });

  it('rejects U+0000 in a string value or key', () => {
    expect(findJsonViolation({ name: 'a\u0000b' }, limits)).toMatchObject({ problemType: 'invalid-json-string', pointer: '/name' });
    expect(findJsonViolation({ 'a\u0000': 1 }, limits)?.problemType).toBe('invalid-json-string');
  });

  it('rejects a lone surrogate but accepts a surrogate pair', () => {
    expect(findJsonViolation(['\ud800'], limits)).toMatchObject({ problemType: 'invalid-json-string', pointer: '/0' });
    expect(findJsonViolation(['x\udc00'], limits)?.problemType).toBe('invalid-json-string');
    expect(findJsonViolation(['😀'], limits)).toBeUndefined();
  });

  it('rejects an array longer than the cap and accepts one at the cap', () => {
    expect(findJsonViolation({ items: new Array(limits.maxArrayLength + 1).fill(0) }, limits)).toMatchObject({
      problemType: 'json-array-too-long',
      pointer: '/items',
    });
    expect(findJsonViolation({ items: new Array(limits.maxArrayLength).fill(0) }, limits)).toBeUndefined();
  });

  it('rejects a number beyond the IEEE 754 range, which JSON.parse made Infinity', () => {
    expect(findJsonViolation(JSON.parse('{"amount": [1, -1e400]}'), limits)).toMatchObject({
      problemType: 'json-number-out-of-range',
      pointer: '/amount/1',
    });
    expect(findJsonViolation(JSON.parse('{"amount": 1.7976931348623157e308}'), limits)).toBeUndefined();
  });

  it('rejects nesting beyond the depth limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findJsonViolation(deep, limits)?.problemType).toBe('json-too-deep');
  });
});

describe(isForbiddenJsonKey.name, () => {
  it('names exactly the keys that reach a prototype', () => {
    expect(['__proto__', 'constructor', 'prototype'].every(isForbiddenJsonKey)).toBe(true);
    expect(isForbiddenJsonKey('proto')).toBe(false);
  });
});

describe(isUnstorableString.name, () => {
  test.prop([fc.string({ unit: 'grapheme' }).map((value) => value.replaceAll('\u0000', ''))])(
    'accepts any well-formed string without NUL',
    (value) => {
      expect(isUnstorableString(value)).toBe(false);
    },
  );

  test.prop([fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff')])(
    'refuses any string holding a NUL or an unpaired surrogate, wherever it stands',
    (before, after, unstorable) => {
      // Grapheme strings are well formed, so neither neighbour can pair with the lone surrogate.
      expect(isUnstorableString(`${before}${unstorable}${after}`)).toBe(true);
    },
  );
});
