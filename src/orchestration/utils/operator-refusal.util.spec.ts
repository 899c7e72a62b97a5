import { describe, expect, it } from 'vitest';
import { SagaNotCancellableError as EngineNotCancellable } from '../../saga-engine/errors/saga-not-cancellable.error.js';
import { SagaNotStartedError } from '../../saga-engine/errors/saga-not-started.error.js';
import type { SagaState, StepState } from '../../saga-engine/state/saga-state.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import type { StepStatus } from '../../saga-engine/state/step-status.js';
import { testSaga, testStep } from '../../saga-engine/testing/definition-fixture.js';
import { SagaNotCancellableError } from '../errors/saga-not-cancellable.error.js';
import { SagaNotRetriableError } from '../errors/saga-not-retriable.error.js';
import { StepNotFoundError } from '../errors/step-not-found.error.js';
import { StepNotResolvableError } from '../errors/step-not-resolvable.error.js';
import { cancelRefusal, operatorErrorFromEngine, resolveRefusal, retryRefusal } from './operator-refusal.util.js';

const SAGA_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const definition = testSaga(['reserve', testStep('charge', { kind: 'pivot', compensation: undefined }), testStep('ship', { kind: 'retriable', compensation: undefined })]);

function state(status: SagaStatus, steps: Partial<Record<'reserve' | 'charge' | 'ship', StepStatus>>): SagaState {
  const step = (name: 'reserve' | 'charge' | 'ship'): StepState => ({ status: steps[name] ?? 'PENDING', attempt: steps[name] ? 1 : 0 });
  return { status, input: {}, steps: { reserve: step('reserve'), charge: step('charge'), ship: step('ship') }, completionOrder: [] };
}

describe(cancelRefusal.name, () => {
  it('accepts a running saga before its pivot started', () => {
    expect(cancelRefusal(SAGA_ID, definition, state('RUNNING', { reserve: 'RUNNING' }))).toBeUndefined();
  });

  it('accepts a saga already turning back, so a repeated cancel is a no-op', () => {
    expect(cancelRefusal(SAGA_ID, definition, state('COMPENSATING', { reserve: 'COMPENSATING' }))).toBeUndefined();
    expect(cancelRefusal(SAGA_ID, definition, state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }))).toBeUndefined();
  });

  it.each(['COMPLETED', 'COMPENSATED'] as const)('refuses a %s saga and says so', (status) => {
    const refusal = cancelRefusal(SAGA_ID, definition, state(status, {}));
    expect(refusal).toBeInstanceOf(SagaNotCancellableError);
    expect(refusal?.message).toBe(`Saga ${SAGA_ID} cannot be cancelled: it is ${status}.`);
  });

  it('refuses a running saga whose pivot has started, naming the pivot', () => {
    const refusal = cancelRefusal(SAGA_ID, definition, state('RUNNING', { reserve: 'SUCCEEDED', charge: 'RUNNING' }));
    expect(refusal?.pastPointOfNoReturnAt).toBe('charge');
    expect(refusal?.message).toContain('step "charge" is past the point of no return');
  });

  it('names the status, not the pivot, for a finished saga whose pivot ran', () => {
    const refusal = cancelRefusal(SAGA_ID, definition, state('COMPLETED', { reserve: 'SUCCEEDED', charge: 'SUCCEEDED', ship: 'SUCCEEDED' }));
    expect(refusal?.message).toBe(`Saga ${SAGA_ID} cannot be cancelled: it is COMPLETED.`);
  });
});

describe(retryRefusal.name, () => {
  it('accepts only a COMPENSATION_FAILED saga', () => {
    expect(retryRefusal(SAGA_ID, state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }))).toBeUndefined();
    for (const status of ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED'] as const) {
      const refusal = retryRefusal(SAGA_ID, state(status, {}));
      expect(refusal).toBeInstanceOf(SagaNotRetriableError);
      expect(refusal?.message).toContain(`it is ${status}`);
    }
  });
});

describe(resolveRefusal.name, () => {
  it('accepts the step whose compensation failed', () => {
    expect(resolveRefusal(SAGA_ID, definition, state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }), 'reserve')).toBeUndefined();
  });

  it('answers not found for a step the definition does not have', () => {
    const refusal = resolveRefusal(SAGA_ID, definition, state('COMPENSATION_FAILED', { reserve: 'COMPENSATION_FAILED' }), 'fly');
    expect(refusal).toBeInstanceOf(StepNotFoundError);
    expect(refusal?.message).toBe(`Saga ${SAGA_ID} has no step named "fly".`);
  });

  it('refuses a step in any other status, naming it', () => {
    const refusal = resolveRefusal(SAGA_ID, definition, state('RUNNING', { reserve: 'SUCCEEDED' }), 'reserve');
    expect(refusal).toBeInstanceOf(StepNotResolvableError);
    expect(refusal?.message).toContain('it is SUCCEEDED');
  });
});

describe(operatorErrorFromEngine.name, () => {
  it('turns the engine refusal of a cancel into the application error', () => {
    const saga = state('COMPLETED', {});
    expect(operatorErrorFromEngine(new EngineNotCancellable('COMPLETED', false), SAGA_ID, definition, saga)).toBeInstanceOf(SagaNotCancellableError);
  });

  it('leaves any other error unchanged', () => {
    const bug = new SagaNotStartedError('CancelRequested');
    expect(operatorErrorFromEngine(bug, SAGA_ID, definition, state('RUNNING', {}))).toBe(bug);
    const plain = new Error('boom');
    expect(operatorErrorFromEngine(plain, SAGA_ID, definition, state('RUNNING', {}))).toBe(plain);
  });
});
