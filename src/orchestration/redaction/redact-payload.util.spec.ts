import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileRedactionRules, REDACTED, redactPayload } from './redact-payload.util.js';

describe(redactPayload.name, () => {
  const payload = {
    card: { number: '4111', holder: 'Ann' },
    items: [
      { token: 't1', sku: 'a' },
      { token: 't2', sku: 'b' },
    ],
    email: 'a@b.c',
  };

  it('hides a key at any depth, and a dotted path from the root with * for any one key', () => {
    const rules = compileRedactionRules(['number', 'items.*.token', 'email']);
    expect(redactPayload(payload, rules)).toEqual({
      card: { number: REDACTED, holder: 'Ann' },
      items: [
        { token: REDACTED, sku: 'a' },
        { token: REDACTED, sku: 'b' },
      ],
      email: REDACTED,
    });
    expect(payload.card.number).toBe('4111');
  });

  it('hides a whole subtree named by a path, and nothing a path does not reach', () => {
    expect(redactPayload(payload, compileRedactionRules(['card']))).toMatchObject({ card: REDACTED });
    expect(redactPayload(payload, compileRedactionRules(['holder.number']))).toEqual(payload);
  });

  test.prop([fc.jsonValue()])('without rules changes nothing', (value) => {
    expect(redactPayload(value, [])).toBe(value);
  });

  test.prop([fc.jsonValue(), fc.string({ minLength: 1, maxLength: 5 }).filter((key) => !key.includes('.') && !key.includes(','))])(
    'leaves no value under a redacted key anywhere, and keeps everything else',
    (value, key) => {
      const redacted = redactPayload(value, compileRedactionRules([key]));
      const check = (before: unknown, after: unknown): void => {
        if (Array.isArray(before)) return before.forEach((item, i) => check(item, (after as unknown[])[i]));
        if (before === null || typeof before !== 'object') return expect(after).toBe(before);
        for (const [k, v] of Object.entries(before)) {
          const afterValue = (after as Record<string, unknown>)[k];
          if (k === key) expect(afterValue).toBe(REDACTED);
          else check(v, afterValue);
        }
      };
      check(value, redacted);
    },
  );

  it('keeps a __proto__ key an own property, never the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const redacted = redactPayload(hostile, compileRedactionRules(['a'])) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
  });
});
