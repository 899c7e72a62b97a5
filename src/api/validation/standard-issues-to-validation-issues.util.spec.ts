import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { standardIssuesToValidationIssues } from './standard-issues-to-validation-issues.util.js';

const schema = z.strictObject({ definition: z.string(), version: z.int().optional(), input: z.record(z.string(), z.unknown()) });

function issuesOf(value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return result.error.issues;
}

describe(standardIssuesToValidationIssues.name, () => {
  it('gives each wrong or missing field its own pointer', () => {
    const pointers = standardIssuesToValidationIssues(issuesOf({ definition: 1, version: 'x' })).map((issue) => issue.pointer);
    expect(pointers.sort()).toEqual(['/definition', '/input', '/version']);
  });

  it('splits unknown keys of a strict object into one pointer per key', () => {
    const issues = standardIssuesToValidationIssues(issuesOf({ definition: 'order', input: {}, extra: 1, more: 2 }));
    expect(issues.map((issue) => issue.pointer).sort()).toEqual(['/extra', '/more']);
  });

  it('prefixes every pointer', () => {
    const issues = standardIssuesToValidationIssues([{ message: 'bad', path: ['a', 0] }], '/input');
    expect(issues).toEqual([{ pointer: '/input/a/0', message: 'bad' }]);
  });

  it('keeps the message of each issue', () => {
    expect(standardIssuesToValidationIssues([{ message: 'must be positive' }])).toEqual([{ pointer: '', message: 'must be positive' }]);
  });
});
