import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import { DefinitionLimits } from './definition-problem.js';
import type { SagaDefinition } from './saga-definition.js';
import { validateDefinition } from './validate-definition.js';

const valid = testSaga(['reserve', 'charge', 'ship']);
const withSteps = (...steps: SagaDefinition['steps']): SagaDefinition => ({ ...valid, steps });

describe(validateDefinition.name, () => {
  it('finds nothing wrong with a valid definition', () => {
    expect(validateDefinition(valid)).toEqual([]);
    expect(
      validateDefinition(
        withSteps(
          testStep('a'),
          testStep('p', { kind: 'pivot', compensation: undefined }),
          testStep('r', { kind: 'retriable', compensation: undefined }),
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a saga name that is not kebab-case', () => {
    expect(validateDefinition({ ...valid, name: 'Order_Saga' })).toEqual([
      {
        pointer: '/name',
        message:
          'The saga name must be a kebab-case identifier (lowercase letters and digits separated by single hyphens, starting with a letter, at most 100 characters), got "Order_Saga".',
      },
    ]);
  });

  it.each([0, -1, 1.5])('refuses version %s', (version) => {
    expect(validateDefinition({ ...valid, version })).toEqual([
      { pointer: '/version', message: `The version must be a positive integer, got ${version}.` },
    ]);
  });

  it('refuses a deadline out of bounds', () => {
    expect(validateDefinition({ ...valid, deadlineMs: 0 })).toEqual([
      { pointer: '/deadlineMs', message: 'The saga deadline must be an integer from 1 to 2592000000 ms, got 0.' },
    ]);
  });

  it('accepts a retention exactly when it is an integer from one minute to ten years', () => {
    const { minRetentionMs, maxRetentionMs } = DefinitionLimits;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1, max: 2 * maxRetentionMs }),
          fc.double(),
          fc.constantFrom(minRetentionMs - 1, minRetentionMs, maxRetentionMs, maxRetentionMs + 1),
        ),
        (retentionMs) => {
          const inBounds = Number.isInteger(retentionMs) && retentionMs >= minRetentionMs && retentionMs <= maxRetentionMs;
          const problems = validateDefinition({ ...valid, retentionMs });
          expect(problems.map((problem) => problem.pointer)).toEqual(inBounds ? [] : ['/retentionMs']);
        },
      ),
    );
    expect(validateDefinition({ ...valid, retentionMs: 1000 })).toEqual([
      { pointer: '/retentionMs', message: 'The retention must be an integer from 60000 to 315360000000 ms, got 1000.' },
    ]);
  });

  it('refuses a saga without steps', () => {
    expect(validateDefinition(withSteps())).toEqual([{ pointer: '/steps', message: 'A saga needs at least one step.' }]);
  });

  it('refuses more than 100 steps', () => {
    const steps = Array.from({ length: 101 }, (_, i) => testStep(`s${i}`));
    expect(validateDefinition(withSteps(...steps))).toEqual([{ pointer: '/steps', message: 'A saga has at most 100 steps, got 101.' }]);
  });

  it('refuses step identifiers that are not kebab-case', () => {
    const problems = validateDefinition(withSteps(testStep('ok', { participant: 'Inventory', command: 'reserve inventory', compensation: '' })));
    expect(problems.map((p) => p.pointer)).toEqual(['/steps/0/participant', '/steps/0/command', '/steps/0/compensation']);
    expect(problems[0]?.message).toBe(
      'The participant must be a kebab-case identifier (lowercase letters and digits separated by single hyphens, starting with a letter, at most 100 characters), got "Inventory".',
    );
  });

  it('refuses a duplicate step name, pointing at the second one', () => {
    expect(validateDefinition(withSteps(testStep('a'), testStep('b'), testStep('a')))).toEqual([
      { pointer: '/steps/2/name', message: 'The step name "a" is already used at /steps/0.' },
    ]);
  });

  it('refuses a compensatable step without compensation', () => {
    expect(validateDefinition(withSteps(testStep('a', { compensation: undefined })))).toEqual([
      { pointer: '/steps/0/compensation', message: 'Step "a" is compensatable, so it needs a compensation command.' },
    ]);
  });

  it('refuses a pivot or retriable step with a compensation', () => {
    expect(
      validateDefinition(
        withSteps(testStep('p', { kind: 'pivot', compensation: 'undo-p' }), testStep('r', { kind: 'retriable', compensation: 'undo-r' })),
      ),
    ).toEqual([
      { pointer: '/steps/0/compensation', message: 'Step "p" is a pivot, so it is never undone and cannot have a compensation.' },
      { pointer: '/steps/1/compensation', message: 'Step "r" is retriable, so it is never undone and cannot have a compensation.' },
    ]);
  });

  it('refuses a compensatable step after the pivot', () => {
    expect(validateDefinition(withSteps(testStep('p', { kind: 'pivot', compensation: undefined }), testStep('a')))).toEqual([
      { pointer: '/steps/1/kind', message: 'Step "a" is compensatable but comes after pivot step "p": compensatable steps must come first.' },
    ]);
  });

  it('refuses a compensatable step after a retriable one', () => {
    expect(validateDefinition(withSteps(testStep('r', { kind: 'retriable', compensation: undefined }), testStep('a')))).toEqual([
      { pointer: '/steps/1/kind', message: 'Step "a" is compensatable but comes after retriable step "r": compensatable steps must come first.' },
    ]);
  });

  it('refuses a second pivot', () => {
    const pivot = (name: string) => testStep(name, { kind: 'pivot', compensation: undefined });
    expect(validateDefinition(withSteps(pivot('p'), pivot('q')))).toEqual([
      { pointer: '/steps/1/kind', message: 'Step "q" is a second pivot (the first is "p"): a saga has at most one pivot.' },
    ]);
  });

  it('refuses a pivot after a retriable step', () => {
    expect(
      validateDefinition(
        withSteps(testStep('r', { kind: 'retriable', compensation: undefined }), testStep('p', { kind: 'pivot', compensation: undefined })),
      ),
    ).toEqual([
      { pointer: '/steps/1/kind', message: 'Step "p" is a pivot but comes after retriable step "r": the pivot must come before retriable steps.' },
    ]);
  });

  it('refuses an unknown kind', () => {
    const step = { ...testStep('a'), kind: 'optional' } as unknown as SagaDefinition['steps'][number];
    expect(validateDefinition(withSteps(step))).toEqual([
      { pointer: '/steps/0/kind', message: 'The step kind must be one of compensatable, pivot, retriable, got "optional".' },
    ]);
  });

  it('refuses a timeout out of bounds', () => {
    expect(validateDefinition(withSteps(testStep('a', { timeoutMs: 0 })))).toEqual([
      { pointer: '/steps/0/timeoutMs', message: 'The timeout must be an integer from 1 to 86400000 ms, got 0.' },
    ]);
  });

  it('refuses retry bounds that are not positive and bounded', () => {
    const retry = { maxAttempts: 0, initialDelayMs: -1, backoffCoefficient: 0.5, maxDelayMs: 10, jitter: 2 };
    expect(validateDefinition(withSteps(testStep('a', { retry })))).toEqual([
      { pointer: '/steps/0/retry/maxAttempts', message: 'maxAttempts must be an integer from 1 to 100, got 0.' },
      { pointer: '/steps/0/retry/initialDelayMs', message: 'initialDelayMs must be an integer from 0 to 86400000, got -1.' },
      { pointer: '/steps/0/retry/backoffCoefficient', message: 'backoffCoefficient must be a number from 1 to 10, got 0.5.' },
      { pointer: '/steps/0/retry/jitter', message: 'jitter must be a number from 0 to 1, got 2.' },
    ]);
  });

  it('refuses a max delay below the initial delay of a compensation retry', () => {
    const compensationRetry = { maxAttempts: 3, initialDelayMs: 500, backoffCoefficient: 2, maxDelayMs: 100, jitter: 0 };
    expect(validateDefinition(withSteps(testStep('a', { compensationRetry })))).toEqual([
      { pointer: '/steps/0/compensationRetry/maxDelayMs', message: 'maxDelayMs must not be less than initialDelayMs (500), got 100.' },
    ]);
  });
});
