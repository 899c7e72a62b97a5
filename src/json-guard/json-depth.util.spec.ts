import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './json-depth.util.js';
import { safeJsonValue } from './testing/safe-json.arbitrary.js';

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The straightforward scan: a backslash in a string skips the next byte. */
function exceedsByteByByte(raw: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const char = String.fromCharCode(raw[i]!);
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (++depth > maxDepth) return true;
    } else if (char === ']' || char === '}') depth--;
  }
  return false;
}

describe(exceedsJsonDepth.name, () => {
  test.prop([safeJsonValue])('measures exactly the nesting of any JSON text', (value) => {
    const raw = bytes(JSON.stringify(value));
    const depth = depthOf(value);
    expect(exceedsJsonDepth(raw, depth)).toBe(false);
    if (depth > 0) expect(exceedsJsonDepth(raw, depth - 1)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ a: '[[[{{{', b: '\\"[[[' })), 1)).toBe(false);
  });

  it('ends a string at a quote after an even run of backslashes (escaped backslashes, not an escaped quote)', () => {
    const raw = bytes(JSON.stringify({ a: 'x\\\\', b: [[1]] }));
    expect(raw.toString()).toBe('{"a":"x\\\\\\\\","b":[[1]]}');
    expect(exceedsJsonDepth(raw, 3)).toBe(false);
    expect(exceedsJsonDepth(raw, 2)).toBe(true);
  });

  test.prop([fc.array(fc.constantFrom('\\', '"', '[', ']', '{', '}', 'a'), { maxLength: 60, size: 'max' })])(
    'counts like a byte-by-byte scan on any text, valid JSON or not',
    (parts) => {
      const raw = bytes(parts.join(''));
      for (let maxDepth = 0; maxDepth <= parts.length; maxDepth++) {
        expect(exceedsJsonDepth(raw, maxDepth), `maxDepth ${maxDepth}`).toBe(exceedsByteByByte(raw, maxDepth));
      }
    },
  );

  it('reads a Uint8Array that is not a Buffer, at its offset', () => {
    const text = bytes('xx[[[]]]');
    const view = new Uint8Array(text.buffer, text.byteOffset + 2, text.byteLength - 2);
    expect(exceedsJsonDepth(view, 3)).toBe(false);
    expect(exceedsJsonDepth(view, 2)).toBe(true);
  });

  it('refuses 10,000 levels in well under a millisecond per kilobyte', () => {
    const raw = bytes('['.repeat(10_000) + ']'.repeat(10_000));
    const started = performance.now();
    expect(exceedsJsonDepth(raw, 64)).toBe(true);
    expect(performance.now() - started).toBeLessThan(20);
  });
});
