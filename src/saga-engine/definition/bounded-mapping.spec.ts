import { fc, test } from '@fast-check/vitest';
import { MAX_COMMAND_PAYLOAD_BYTES } from '@saga-coordinator/contracts';
import { describe, expect, it } from 'vitest';
import { MappingResultTooLargeError } from '../errors/mapping-result-too-large.error.js';
import { evaluateExpression, evaluateMapping, mergeWithin } from './expression.util.js';
import { jsonByteLengthWithin } from './json-size.util.js';

const blob = 'x'.repeat(100 * 1024);
const data = { input: { blob, list: Array.from({ length: 1000 }, () => blob.slice(0, 1024)) }, outputs: {} };
const copies = (count: number) => Array.from({ length: count }, () => ({ var: 'input.blob' }));

describe('bounded mappings (issue 13, item 4)', () => {
  it('refuses a `cat` of 99 copies of a 100 KB input before building the 9.9 MB string, quickly', () => {
    const started = performance.now();
    expect(() => evaluateMapping({ a: { cat: copies(99) }, b: { cat: copies(99) }, c: { cat: copies(99) } }, data)).toThrow(
      MappingResultTooLargeError,
    );
    expect(() => evaluateExpression({ cat: copies(99) }, data)).toThrow(/"cat" would build .* characters, more than the/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a mapping whose fields together pass the command payload limit, naming the field that crossed it', () => {
    const ninePerField = { cat: copies(9) }; // 921,600 bytes: one fits, two do not
    expect(() => evaluateMapping({ one: ninePerField }, data)).not.toThrow();
    expect(() => evaluateMapping({ one: ninePerField, two: ninePerField }, data)).toThrow(
      expect.objectContaining({ field: 'two', limitBytes: MAX_COMMAND_PAYLOAD_BYTES }),
    );
  });

  it('refuses a `merge` of references that would serialise past the limit without serialising it', () => {
    const started = performance.now();
    expect(() => evaluateMapping({ many: { merge: Array.from({ length: 150 }, () => ({ var: 'input.list' })) } }, data)).toThrow(
      MappingResultTooLargeError,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('keeps `cat` as JSON Logic defines it below the limit (null as empty, arrays joined by commas)', () => {
    expect(evaluateExpression({ cat: ['a', 1, null, [2, 3], true] }, { input: {}, outputs: {} })).toBe('a12,3true');
  });
});

describe(jsonByteLengthWithin.name, () => {
  test.prop([fc.jsonValue()])('equals the UTF-8 length of JSON.stringify for any JSON value within the limit', (value) => {
    expect(jsonByteLengthWithin(value, Number.MAX_SAFE_INTEGER)).toBe(Buffer.byteLength(JSON.stringify(value) ?? 'null'));
  });

  test.prop([fc.jsonValue(), fc.nat({ max: 200 })])('is undefined exactly when the JSON is longer than the limit', (value, limit) => {
    const exact = Buffer.byteLength(JSON.stringify(value) ?? 'null');
    expect(jsonByteLengthWithin(value, limit)).toBe(exact <= limit ? exact : undefined);
  });

  it('stops early on a value far past the limit (shared references are counted each time, as JSON repeats them)', () => {
    const shared = Array.from({ length: 1000 }, () => 'x'.repeat(1000));
    const huge = Array.from({ length: 100_000 }, () => shared);
    const started = performance.now();
    expect(jsonByteLengthWithin(huge, 1024 * 1024)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('merge', () => {
  const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

  test.prop([fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 8 }), fc.nat({ max: 400 })])(
    'refuses only a merge whose JSON would pass the limit, and otherwise merges as JSON Logic does',
    (parts, limit) => {
      const unbounded = parts.flatMap((part) => (Array.isArray(part) ? part : [part]));
      let merged: unknown[] | undefined;
      try {
        merged = mergeWithin(parts, limit);
      } catch (error) {
        expect(error).toBeInstanceOf(MappingResultTooLargeError);
        expect(jsonBytes(unbounded)).toBeGreaterThan(limit);
        return;
      }
      expect(merged).toEqual(unbounded);
    },
  );

  it('stops after the elements that fill the limit: 99 references to a 1,000-element list never build 99,000 elements', () => {
    const list = Array.from({ length: 1000 }, () => 'y'.repeat(200));
    const seen: number[] = [];
    const counting = Array.from(
      { length: 99 },
      () => new Proxy(list, { get: (target, key, receiver) => (seen.push(1), Reflect.get(target, key, receiver)) }),
    );
    expect(() => mergeWithin(counting, MAX_COMMAND_PAYLOAD_BYTES)).toThrow(/"merge" would build at least \d+ bytes of JSON, more than the/);
    expect(seen.length).toBeLessThan(3 * 6000);
  });

  it('keeps `merge` as JSON Logic defines it (arrays flattened one level)', () => {
    expect(evaluateExpression({ merge: [[1, [2]], 3, null, []] }, { input: {}, outputs: {} })).toEqual([1, [2], 3, null]);
  });
});
