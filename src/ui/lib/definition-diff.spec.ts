import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { orderSagaDefinition } from '../../saga-engine/testing/order-saga.fixture.js';
import { definitionToJson } from '../../saga-engine/definition/definition-json.js';
import { diffDefinitions, diffJson } from './definition-diff.js';

const json = fc.jsonValue({ maxDepth: 4 });

describe(diffJson.name, () => {
  test.prop([json])('finds nothing between a value and its copy', (value) => {
    expect(diffJson(value, structuredClone(value))).toEqual([]);
  });

  test.prop([json, json])('finds something exactly when the values differ', (a, b) => {
    expect(diffJson(a, b).length === 0).toBe(isDeepStrictEqual(a, b));
  });

  test.prop([fc.dictionary(fc.string({ minLength: 1 }), json), fc.string({ minLength: 1 }), json])(
    'reports a key added to an object as one addition at its path',
    (object, key, value) => {
      fc.pre(!Object.hasOwn(object, key));
      const changes = diffJson(object, { ...object, [key]: value });
      expect(changes).toEqual([{ path: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, kind: 'added', after: value }]);
    },
  );

  it('matches named items by name: an inserted step is one addition, not a cascade', () => {
    const before = {
      steps: [
        { name: 'a', x: 1 },
        { name: 'b', x: 2 },
      ],
    };
    const after = {
      steps: [
        { name: 'a', x: 1 },
        { name: 'new', x: 9 },
        { name: 'b', x: 3 },
      ],
    };
    expect(diffJson(before, after)).toEqual([
      { path: '/steps/b/x', kind: 'changed', before: 2, after: 3 },
      { path: '/steps/new', kind: 'added', after: { name: 'new', x: 9 } },
    ]);
  });

  it('reports a reordering of named items', () => {
    const changes = diffJson([{ name: 'a' }, { name: 'b' }], [{ name: 'b' }, { name: 'a' }]);
    expect(changes).toEqual([{ path: '/order', kind: 'changed', before: ['a', 'b'], after: ['b', 'a'] }]);
  });
});

describe(diffDefinitions.name, () => {
  it('ignores the version number and the registration time, and names the changed step field', () => {
    const v1 = { ...definitionToJson(orderSagaDefinition), createdAt: '2026-01-01T00:00:00.000Z' };
    const v2 = structuredClone(v1) as { version: number; createdAt: string; steps: { timeoutMs: number }[] };
    v2.version = 2;
    v2.createdAt = '2026-02-01T00:00:00.000Z';
    v2.steps[1]!.timeoutMs = 20_000;
    expect(diffDefinitions(v1, v2)).toEqual([{ path: '/steps/charge-payment/timeoutMs', kind: 'changed', before: 10_000, after: 20_000 }]);
  });
});

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
    return true;
  } catch {
    return false;
  }
}
