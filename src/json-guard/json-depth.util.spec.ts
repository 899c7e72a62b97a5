import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './json-depth.util.js';
import { safeJsonValue } from './testing/safe-json.arbitrary.js';

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

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

  it('refuses 10,000 levels in well under a millisecond per kilobyte', () => {
    const raw = bytes('['.repeat(10_000) + ']'.repeat(10_000));
    const started = performance.now();
    expect(exceedsJsonDepth(raw, 64)).toBe(true);
    expect(performance.now() - started).toBeLessThan(20);
  });
});
