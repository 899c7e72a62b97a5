import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { OperatorRefusalError } from './errors/operator-refusal.error.js';
import { SagaNotCancellableError } from './errors/saga-not-cancellable.error.js';
import { SagaNotRetriableError } from './errors/saga-not-retriable.error.js';
import { SignalNotAwaitedError } from './errors/signal-not-awaited.error.js';
import { StepNotFoundError } from './errors/step-not-found.error.js';
import { StepNotResolvableError } from './errors/step-not-resolvable.error.js';
import type { SagaState, StepState } from './state/saga-state.js';
import type { SagaStatus } from './state/saga-status.js';
import type { StepStatus } from './state/step-status.js';
import { testSaga, testStep } from './testing/definition-fixture.js';
import type { SagaTrigger } from './triggers/saga-trigger.js';

const SAGA_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const definition = testSaga([
  'reserve',
  testStep('charge', { kind: 'pivot', compensation: undefined }),
  testStep('ship', { kind: 'retriable', compensation: undefined }),
]);
const context = { now: '2026-01-01T00:00:00.000Z', random: () => 0.5, sagaId: SAGA_ID };

function state(status: SagaStatus, steps: Partial<Record<'reserve' | 'charge' | 'ship', StepStatus>>): SagaState {
  const step = (name: 'reserve' | 'charge' | 'ship'): StepState => ({ status: steps[name] ?? 'PENDING', attempt: steps[name] ? 1 : 0 });
  return { status, input: {}, steps: { reserve: step('reserve'), charge: step('charge'), ship: step('ship') }, completionOrder: [] };
}

/** What `decide` throws for the trigger, or undefined when it accepts it. */
function refusal(saga: SagaState, trigger: SagaTrigger): unknown {
  try {
    decide(definition, saga, trigger, context);
    return undefined;
  } catch (error) {
    return error;
  }
}

/*
 * Operator refusals are one family (`OperatorRefusalError`), checked once: by `decide`, under the
 * saga row lock in the runtime. Each names the saga (from the decision context) and says why.
 */
describe('operator refusals', () => {
  describe('cancel', () => {
    it('accepts a running saga before its pivot started', () => {
      expect(refusal(state('RUNNING', { reserve: 'RUNNING' }), { type: 'CancelRequested' })).toBeUndefined();
    });

    it('accepts a saga already turning back, so a repeated cancel is a no-op', () => {
      expect(refusal(state('COMPENSATING', { reserve: 'COMPENSATING' }), { type: 'CancelRequested' })).toBeUndefined();
      expect(refusal(state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }), { type: 'CancelRequested' })).toBeUndefined();
    });

    it.each(['COMPLETED', 'COMPENSATED'] as const)('refuses a %s saga and says so', (status) => {
      const error = refusal(state(status, {}), { type: 'CancelRequested' });
      expect(error).toBeInstanceOf(SagaNotCancellableError);
      expect((error as Error).message).toBe(`Saga ${SAGA_ID} cannot be cancelled: it is ${status}.`);
    });

    it('refuses a running saga whose pivot has started, naming the pivot', () => {
      const error = refusal(state('RUNNING', { reserve: 'SUCCEEDED', charge: 'RUNNING' }), { type: 'CancelRequested' }) as SagaNotCancellableError;
      expect(error.pastPointOfNoReturnAt).toBe('charge');
      expect(error.message).toContain('step "charge" is past the point of no return');
    });

    it('names the status, not the pivot, for a finished saga whose pivot ran', () => {
      const error = refusal(state('COMPLETED', { reserve: 'SUCCEEDED', charge: 'SUCCEEDED', ship: 'SUCCEEDED' }), { type: 'CancelRequested' });
      expect((error as Error).message).toBe(`Saga ${SAGA_ID} cannot be cancelled: it is COMPLETED.`);
    });
  });

  describe('retry', () => {
    it('accepts only a COMPENSATION_FAILED saga', () => {
      expect(refusal(state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }), { type: 'RetryRequested' })).toBeUndefined();
      for (const status of ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED'] as const) {
        const error = refusal(state(status, {}), { type: 'RetryRequested' });
        expect(error).toBeInstanceOf(SagaNotRetriableError);
        expect((error as Error).message).toContain(`it is ${status}`);
      }
    });
  });

  describe('resolve', () => {
    const resolve = (step: string): SagaTrigger => ({ type: 'StepResolved', step, reason: 'refunded by hand' });

    it('accepts the step whose compensation failed', () => {
      expect(refusal(state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }), resolve('reserve'))).toBeUndefined();
    });

    it('answers not found for a step the definition does not have', () => {
      const error = refusal(state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }), resolve('fly'));
      expect(error).toBeInstanceOf(StepNotFoundError);
      expect((error as Error).message).toBe(`Saga ${SAGA_ID} has no step named "fly".`);
    });

    it('refuses a step in any other status, naming it', () => {
      const error = refusal(state('RUNNING', { reserve: 'SUCCEEDED' }), resolve('reserve'));
      expect(error).toBeInstanceOf(StepNotResolvableError);
      expect((error as Error).message).toBe(
        `Step "reserve" of saga ${SAGA_ID} cannot be resolved: it is SUCCEEDED, and only a step in COMPENSATION_FAILED can be.`,
      );
    });
  });

  describe('signal', () => {
    it('refuses a signal no wait step waits for', () => {
      const error = refusal(state('RUNNING', { reserve: 'RUNNING' }), { type: 'SignalReceived', signal: 'approved', payload: {} });
      expect(error).toBeInstanceOf(SignalNotAwaitedError);
      expect((error as Error).message).toBe(`Saga ${SAGA_ID} has no step waiting for signal "approved" (it is RUNNING); nothing was changed.`);
    });
  });

  it('are all one family with a code each', () => {
    const errors = [
      refusal(state('COMPLETED', {}), { type: 'CancelRequested' }),
      refusal(state('COMPLETED', {}), { type: 'RetryRequested' }),
      refusal(state('COMPLETED', {}), { type: 'StepResolved', step: 'reserve', reason: 'x' }),
      refusal(state('COMPLETED', {}), { type: 'StepResolved', step: 'fly', reason: 'x' }),
      refusal(state('COMPLETED', {}), { type: 'SignalReceived', signal: 's', payload: null }),
    ];
    expect(errors.every((error) => error instanceof OperatorRefusalError)).toBe(true);
    expect(errors.map((error) => (error as OperatorRefusalError).code)).toEqual([
      'saga-not-cancellable',
      'saga-not-retriable',
      'step-not-resolvable',
      'step-not-found',
      'signal-not-awaited',
    ]);
  });

  it('say "the saga" when the caller gave no id', () => {
    expect(() => decide(definition, state('COMPLETED', {}), { type: 'CancelRequested' }, { now: context.now, random: context.random })).toThrow(
      'The saga cannot be cancelled: it is COMPLETED.',
    );
  });
});
