import { describe, expect, it } from 'vitest';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { InvalidSagaInputError } from '../errors/invalid-saga-input.error.js';
import { SagaInputValidator } from './saga-input-validator.js';

function definition(version: number, inputSchema: Record<string, unknown>): SagaDefinition {
  return { name: 'order', version, inputSchema, steps: [] };
}

const schema = {
  $id: 'https://example.test/order.json',
  type: 'object',
  properties: { email: { type: 'string', format: 'email' }, qty: { type: 'integer' } },
  required: ['email'],
  additionalProperties: false,
};

describe(SagaInputValidator.name, () => {
  const sut = new SagaInputValidator();

  it('accepts a valid input', () => {
    expect(() => sut.assertValid(definition(1, schema), { email: 'a@b.test', qty: 1 })).not.toThrow();
  });

  it('reports every problem with a pointer, formats included', () => {
    const error = (() => {
      try {
        sut.assertValid(definition(1, schema), { email: 'nope', qty: 1.5, x: 1 });
      } catch (e) {
        return e as InvalidSagaInputError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidSagaInputError);
    expect(error?.issues.map((i) => i.pointer).sort()).toEqual(['/email', '/qty', '/x']);
  });

  it('compiles two versions that share a $id', () => {
    expect(() => sut.assertValid(definition(2, { ...schema, required: [] }), {})).not.toThrow();
  });

  it('refuses a schema Ajv strict mode rejects', () => {
    expect(() => sut.validatorFor(definition(3, { type: 'object', requried: ['x'] }))).toThrow(/strict mode/);
  });
});
