import { describe, expect, it } from 'vitest';
import { DefinitionJsonValidator, inputSchemaProblems } from './definition-json-validator.js';

describe(inputSchemaProblems.name, () => {
  it('accepts a schema strict Ajv compiles', () => {
    expect(inputSchemaProblems({ type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } })).toEqual([]);
  });

  it('refuses a schema strict Ajv cannot compile, with its reason, at /inputSchema', () => {
    expect(inputSchemaProblems({ type: 'object', properties: { orderId: { type: 'strin' } } })).toEqual([
      {
        pointer: '/inputSchema',
        message:
          'The input schema does not compile: schema is invalid: data/properties/orderId/type must be equal to one of the allowed values, data/properties/orderId/type must be array, data/properties/orderId/type must match a schema in anyOf.',
      },
    ]);
  });
});

describe(DefinitionJsonValidator.name, () => {
  it('points at a child node field the JSON form does not know', () => {
    const sut = new DefinitionJsonValidator();
    expect(sut.problems({ name: 'order', steps: [{ type: 'child', name: 'pay', definition: { name: 'payment-flow', pinned: 2 } }] })).toEqual([
      { pointer: '/steps/0/definition/pinned', message: 'must NOT have additional properties' },
    ]);
  });
});
