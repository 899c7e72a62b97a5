import { describe, expect, it } from 'vitest';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { InvalidSagaInputError } from '../errors/invalid-saga-input.error.js';
import { inputSchemaProblems } from './definition-json-validator.js';
import { SagaInputValidator } from './saga-input-validator.js';

const definition = (inputSchema: Record<string, unknown>): SagaDefinition => ({ name: 'patterned', version: 1, inputSchema, steps: [] });

describe('patterns of user schemas run on RE2 (issue 13, item 5)', () => {
  it('matches `^(a+)+$` against 27 characters and a refusal in linear time (the native engine blocks for seconds)', () => {
    const validator = new SagaInputValidator();
    const patterned = definition({ type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } });
    validator.validatorFor(patterned); // compiled outside the timing
    const started = performance.now();
    expect(() => validator.assertValid(patterned, { name: `${'a'.repeat(27)}!` })).toThrow(InvalidSagaInputError);
    for (let length = 28; length < 40; length += 1) expect(() => validator.assertValid(patterned, { name: `${'a'.repeat(length)}!` })).toThrow();
    // The native engine needs seconds for 27 characters and twice as long for each one more.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(() => validator.assertValid(patterned, { name: 'aaaa' })).not.toThrow();
  });

  it('keeps ECMAScript patterns RE2 understands: anchors, classes, named groups, Unicode classes, patternProperties', () => {
    const validator = new SagaInputValidator();
    const schema = {
      type: 'object',
      properties: { sku: { type: 'string', pattern: '^(?<prefix>[A-Z]{3})-\\d{4}$' }, city: { type: 'string', pattern: '^\\p{L}+$' } },
      patternProperties: { '^x-[a-z]+$': { type: 'number' } },
    };
    expect(inputSchemaProblems(schema)).toEqual([]);
    expect(() => validator.assertValid(definition(schema), { sku: 'ABC-1234', city: 'Zürich', 'x-rate': 2 })).not.toThrow();
    expect(() => validator.assertValid(definition(schema), { sku: 'abc-1234' })).toThrow(InvalidSagaInputError);
    expect(() => validator.assertValid(definition(schema), { 'x-rate': 'high' })).toThrow(InvalidSagaInputError);
  });

  it('refuses, with the pointer of the keyword, a pattern RE2 cannot run in linear time (backreference, lookahead)', () => {
    const schema = {
      type: 'object',
      properties: { twice: { type: 'string', pattern: '^(a)\\1$' }, items: { type: 'array', items: { pattern: '^(?=a)' } } },
      patternProperties: { '(?!x)': {} },
      examples: [{ pattern: '(?=ignored: data, not a schema)' }],
    };
    expect(inputSchemaProblems(schema)).toEqual([
      {
        pointer: '/inputSchema/properties/twice/pattern',
        message: expect.stringMatching(/^The pattern "\^\(a\)\\\\1\$" cannot be matched in linear time \(RE2: /),
      },
      { pointer: '/inputSchema/properties/items/items/pattern', message: expect.stringContaining('lookaround') },
      { pointer: '/inputSchema/patternProperties/(?!x)', message: expect.stringContaining('RE2') },
    ]);
  });
});
