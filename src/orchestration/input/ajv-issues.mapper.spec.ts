import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ajvErrorPointer, ajvErrorsToIssues } from './ajv-issues.mapper.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile({
  type: 'object',
  properties: {
    id: { type: 'string' },
    'a/b~c': { type: 'number' },
    items: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer', minimum: 1 } }, required: ['qty'] } },
  },
  required: ['id', 'a/b~c'],
  additionalProperties: false,
});

function issuesFor(input: unknown) {
  validate(input);
  return ajvErrorsToIssues(validate.errors);
}

describe(ajvErrorsToIssues.name, () => {
  it('points at a missing property, not at its parent', () => {
    expect(issuesFor({ 'a/b~c': 1 })).toEqual([{ pointer: '/id', message: "must have required property 'id'" }]);
  });

  it('points at an extra property', () => {
    expect(issuesFor({ id: 'x', 'a/b~c': 1, extra: 1 })).toEqual([{ pointer: '/extra', message: 'must NOT have additional properties' }]);
  });

  it('points into arrays and escapes ~ and / per RFC 6901', () => {
    const issues = issuesFor({ id: 3, items: [{ qty: 1 }, { qty: 0 }, {}] });
    expect(issues.map((i) => i.pointer)).toEqual(['/a~1b~0c', '/id', '/items/1/qty', '/items/2/qty']);
  });

  it('reports nothing for a valid input', () => {
    expect(issuesFor({ id: 'x', 'a/b~c': 1, items: [{ qty: 2 }] })).toEqual([]);
  });
});

describe(ajvErrorPointer.name, () => {
  it('uses the instance path for every other keyword', () => {
    expect(ajvErrorPointer({ keyword: 'type', instancePath: '/a/0', schemaPath: '#', params: { type: 'string' } })).toBe('/a/0');
  });
});
