import { describe, expect, it } from 'vitest';
import { acceptHandlerResult } from './handler-result.util.js';
import { StepResult } from './step-result.js';

describe(acceptHandlerResult.name, () => {
  it('stores a success with its output and a refusal with its failure', () => {
    expect(acceptHandlerResult('execute', StepResult.succeeded({ a: 1 }))).toEqual({ outcome: 'succeeded', reply: { output: { a: 1 } } });
    expect(acceptHandlerResult('execute', StepResult.failed('declined', 'no'))).toEqual({
      outcome: 'failed',
      reply: { failure: { code: 'declined', message: 'no' } },
    });
  });

  it('stores a compensation', () => {
    expect(acceptHandlerResult('compensate', StepResult.compensated())).toEqual({ outcome: 'compensated', reply: {} });
  });

  it('rejects a result of the wrong kind', () => {
    expect(acceptHandlerResult('execute', StepResult.compensated())).toEqual(expect.stringContaining('execute handler'));
    expect(acceptHandlerResult('compensate', StepResult.succeeded())).toEqual(expect.stringContaining('compensation'));
  });

  it('rejects nothing, non-objects and outputs that are not JSON', () => {
    expect(typeof acceptHandlerResult('execute', undefined)).toBe('string');
    expect(typeof acceptHandlerResult('execute', 'ok')).toBe('string');
    expect(typeof acceptHandlerResult('execute', { outcome: 'succeeded', output: 10n })).toBe('string');
  });
});
