import { describe, expect, it } from 'vitest';
import { addTypeToNullableRefs } from './nullable-ref-type.util.js';

describe(addTypeToNullableRefs.name, () => {
  const components = { StepError: { type: 'object', properties: {} } };

  it('copies the referenced component type next to nullable', () => {
    const schema = { properties: { error: { nullable: true, allOf: [{ $ref: '#/components/schemas/StepError' }] } } };
    addTypeToNullableRefs(schema, components);
    expect(schema.properties.error).toEqual({ nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/StepError' }] });
  });

  it('leaves schemas that already have a type, or no nullable, alone', () => {
    const schema = [{ nullable: true, type: 'string' }, { allOf: [{ $ref: '#/components/schemas/StepError' }] }];
    const before = structuredClone(schema);
    addTypeToNullableRefs(schema, components);
    expect(schema).toEqual(before);
  });
});
