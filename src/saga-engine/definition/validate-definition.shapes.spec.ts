import { describe, expect, it } from 'vitest';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import type { FlowNode, SagaDefinition } from './saga-definition.js';
import { validateDefinition } from './validate-definition.js';

/** The validation rules whose exact answers no other spec pins: malformed shapes reached through the TypeScript model. */
const withSteps = (...steps: FlowNode[]): SagaDefinition => ({ ...testSaga([]), steps });
const branch = (name: string, ...steps: FlowNode[]) => ({ name, steps });

describe(`${validateDefinition.name} on malformed shapes`, () => {
  it('refuses a branch that is not an object', () => {
    const group = { type: 'parallel', name: 'fork', branches: [branch('a', testStep('x')), null] } as unknown as FlowNode;
    expect(validateDefinition(withSteps(group))).toEqual([
      { pointer: '/steps/0/branches/1', message: 'A branch must be an object with a name and steps.' },
    ]);
  });

  it('refuses a branch name used twice in one parallel group, and a choice whose otherwise branch reuses a choice name', () => {
    const group: FlowNode = { type: 'parallel', name: 'fork', branches: [branch('a', testStep('x')), branch('a', testStep('y'))] };
    const route: FlowNode = {
      type: 'choice',
      name: 'route',
      choices: [{ name: 'yes', when: true, steps: [testStep('z')] }],
      otherwise: branch('yes'),
    };
    expect(validateDefinition(withSteps(group, route))).toEqual([
      { pointer: '/steps/0/branches/1/name', message: 'The branch name "a" is already used in parallel group "fork".' },
      { pointer: '/steps/1/otherwise/name', message: 'The branch name "yes" is already used in choice "route".' },
    ]);
  });

  it('refuses a step without a retry policy, and a maxDelayMs out of bounds', () => {
    const missing = { ...testStep('a'), retry: undefined } as unknown as FlowNode;
    const unbounded = testStep('b', { compensationRetry: { maxAttempts: 2, initialDelayMs: 0, backoffCoefficient: 2, maxDelayMs: -1, jitter: 0 } });
    expect(validateDefinition(withSteps(missing, unbounded))).toEqual([
      { pointer: '/steps/0/retry', message: 'A retry policy is required.' },
      { pointer: '/steps/1/compensationRetry/maxDelayMs', message: 'maxDelayMs must be an integer from 0 to 86400000, got -1.' },
    ]);
  });

  it('refuses a mapping that is not an object, one with too many fields, an oversized expression and an object with two operators', () => {
    const notObject = testStep('a', { input: [1, 2] as never });
    const tooMany = testStep('b', { input: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 1])) });
    const huge = testStep('c', { input: { sum: { '+': Array.from({ length: 250 }, () => 1) } } });
    const twoKeys = testStep('d', { input: { x: { '==': [1, 1], '!=': [1, 2] } } });
    expect(validateDefinition(withSteps(notObject, tooMany, huge, twoKeys))).toEqual([
      { pointer: '/steps/0/input', message: 'A mapping must be an object of field names to expressions.' },
      { pointer: '/steps/1/input', message: 'A mapping has at most 200 fields, got 201.' },
      { pointer: '/steps/2/input/sum', message: 'An expression has at most 200 parts.' },
      { pointer: '/steps/3/input/x', message: 'An object in an expression must have exactly one key: its operator.' },
    ]);
  });

  it('refuses a child timeout out of bounds', () => {
    const child: FlowNode = { type: 'child', name: 'pay', definition: { name: 'payment-flow' }, kind: 'compensatable', timeoutMs: 0 };
    expect(validateDefinition(withSteps(child))).toEqual([
      { pointer: '/steps/0/timeoutMs', message: 'The child timeout must be an integer from 1 to 2592000000 ms, got 0.' },
    ]);
  });
});
