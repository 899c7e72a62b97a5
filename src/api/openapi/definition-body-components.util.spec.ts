import { describe, expect, it } from 'vitest';
import { DefinitionJsonSchema } from '../../orchestration/definitions/definition-language.js';
import { definitionBodyComponents } from './definition-body-components.util.js';

/** Every string value of key `key` anywhere in `node`. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((child) => valuesOf(child, key));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([name, value]) => [...(name === key ? [value] : []), ...valuesOf(value, key)]);
}

describe('definitionBodyComponents', () => {
  const components = definitionBodyComponents(DefinitionJsonSchema, { description: 'A definition.' });

  it('gives the root and one component per $defs entry, every $ref pointing at one of them', () => {
    expect(Object.keys(components)).toEqual(
      expect.arrayContaining(['DefinitionBody', 'DefinitionSequence', 'DefinitionNode', 'DefinitionStep', 'DefinitionWait', 'DefinitionMapping']),
    );
    const refs = valuesOf(components, '$ref') as string[];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(Object.keys(components).map((name) => `#/components/schemas/${name}`)).toContain(ref);
  });

  it('leaves out what OpenAPI 3.0 cannot say: no $defs, $schema, $id, const, if or then', () => {
    for (const keyword of ['$defs', '$schema', '$id', 'const', 'if', 'then']) expect(valuesOf(components, keyword), keyword).toEqual([]);
  });

  it('turns the node\'s "type selects the shape" conditions into a oneOf of the shapes, and const into a one-value enum', () => {
    const node = components['DefinitionNode'] as { oneOf: Array<{ $ref: string }> };
    expect(node.oneOf.map((branch) => branch.$ref.replace('#/components/schemas/', ''))).toEqual([
      'DefinitionStep',
      'DefinitionParallel',
      'DefinitionChoice',
      'DefinitionWait',
      'DefinitionDelay',
      'DefinitionChild',
    ]);
    expect((components['DefinitionWait'] as { properties: { type: unknown } }).properties.type).toEqual({ enum: ['wait'] });
    expect(components['DefinitionBody']).toMatchObject({ type: 'object', required: ['name', 'steps'], description: 'A definition.' });
  });
});
