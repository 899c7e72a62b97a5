import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compensationSequence, sagaPathMarks } from './saga-path.js';

const step = (name: string, status: string, attempts = 1, resolvedBy: unknown = null) => ({
  name,
  status,
  attempts,
  compensation: status.startsWith('COMPENSAT') ? { startedAt: '2026-01-01T00:00:00.000Z', resolvedBy } : null,
});

describe(sagaPathMarks.name, () => {
  it('marks a compensated order: the failed step, then the steps undone in reverse with their order numbers', () => {
    const log = [
      { seq: 1, type: 'SagaStarted', step: null },
      { seq: 2, type: 'StepSucceeded', step: 'reserve' },
      { seq: 3, type: 'StepSucceeded', step: 'charge' },
      { seq: 4, type: 'StepFailed', step: 'ship' },
      { seq: 5, type: 'CompensationStarted', step: 'charge' },
      { seq: 6, type: 'CompensationSucceeded', step: 'charge' },
      { seq: 7, type: 'CompensationStarted', step: 'reserve' },
      { seq: 8, type: 'CompensationSucceeded', step: 'reserve' },
    ];
    const marks = sagaPathMarks([step('reserve', 'COMPENSATED'), step('charge', 'COMPENSATED'), step('ship', 'FAILED', 2)], log);
    expect(marks.get('charge')).toMatchObject({ status: 'compensated', compensationOrder: 1 });
    expect(marks.get('reserve')).toMatchObject({ status: 'compensated', compensationOrder: 2 });
    expect(marks.get('ship')).toMatchObject({ status: 'failed', symbol: '✗', attempts: 2, compensationOrder: null });
  });

  it('counts a step resolved by an operator in the compensation order, and says so', () => {
    const log = [
      { seq: 1, type: 'CompensationStarted', step: 'b' },
      { seq: 2, type: 'CompensationFailed', step: 'b' },
      { seq: 3, type: 'StepResolvedByOperator', step: 'b' },
      { seq: 4, type: 'CompensationStarted', step: 'a' },
    ];
    const marks = sagaPathMarks([step('a', 'COMPENSATING'), step('b', 'COMPENSATED', 1, { reason: 'by hand', by: null })], log);
    expect(marks.get('b')).toMatchObject({ compensationOrder: 1, resolvedByOperator: true });
    expect(marks.get('a')).toMatchObject({ compensationOrder: 2, status: 'compensating' });
  });

  it('keeps the branch a choice took', () => {
    expect(sagaPathMarks([{ ...step('pick', 'SUCCEEDED'), branch: 'fast' }], []).get('pick')).toMatchObject({ branch: 'fast' });
  });

  it('uses the status text as a class: TIMED_OUT is timed-out', () => {
    expect(sagaPathMarks([step('x', 'TIMED_OUT')], []).get('x')).toMatchObject({ status: 'timed-out', symbol: '◔' });
  });
});

describe(compensationSequence.name, () => {
  test.prop([fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1 }), fc.integer({ min: 1, max: 3 })])(
    'numbers each step once, in log order, however often its compensation was retried and however the log is ordered',
    (undone, retries) => {
      let seq = 0;
      const log = undone.flatMap((name) => Array.from({ length: retries }, () => ({ seq: ++seq, type: 'CompensationStarted', step: name })));
      expect(compensationSequence([...log].reverse())).toEqual(undone);
    },
  );
});
