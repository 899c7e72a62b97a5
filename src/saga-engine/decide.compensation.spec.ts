import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { SagaNotRetriableError } from './errors/saga-not-retriable.error.js';
import { StepNotResolvableError } from './errors/step-not-resolvable.error.js';
import { testSaga, testStep } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';

const saga = testSaga(['reserve', 'charge', 'ship']);

/** reserve and charge succeeded, ship refused: charge is being compensated (attempt 1). */
const compensatingCharge = () =>
  givenSaga(saga).startedWith({}).whenStepSucceeds('reserve', { r: 1 }).whenStepSucceeds('charge', { p: 1 }).whenStepFails('ship');

/** charge's compensation spent its budget of 2 attempts. */
const stuckOnCharge = () =>
  compensatingCharge().whenCompensationErrors('charge').whenCompensationRetryIsDue('charge').whenCompensationErrors('charge');

describe(decide.name, () => {
  describe('compensating', () => {
    it('hands a compensation the step output as its undo data', () => {
      compensatingCharge().expectCommand({ step: 'charge', kind: 'compensate', attempt: 1, payload: { input: {}, output: { p: 1 } } });
    });

    it('runs one compensation at a time: the next starts only after the previous one is done', () => {
      compensatingCharge()
        .whenCompensationErrors('charge')
        .expectNoCommands()
        .expectStepStatus('reserve', 'SUCCEEDED')
        .whenCompensationRetryIsDue('charge')
        .expectCommand({ step: 'charge', kind: 'compensate', attempt: 2 })
        .whenCompensated('charge')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('retries a compensation that fails N times and then succeeds', () => {
      givenSaga(testSaga(['reserve', 'charge'], {}))
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepFails('charge')
        .whenCompensationErrors('reserve')
        .expectLogged('CompensationRetryScheduled', 'reserve')
        .expectTimerArmed({ kind: 'compensation-retry', step: 'reserve', attempt: 1, dueInMs: 100 })
        .whenCompensationRetryIsDue('reserve')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 2 })
        .whenCompensated('reserve')
        .expectStepStatus('reserve', 'COMPENSATED')
        .expectStatus('COMPENSATED');
    });

    it('retries a compensation that timed out', () => {
      compensatingCharge()
        .whenCompensationTimesOut('charge')
        .expectLogged('CompensationRetryScheduled', 'charge')
        .expectStepStatus('charge', 'COMPENSATING');
    });

    it('treats a failed compensation reply like a technical error', () => {
      compensatingCharge()
        .whenReplied({ step: 'charge', kind: 'compensate', outcome: 'failed', failure: { code: 'x', message: 'no' } })
        .expectLogged('CompensationRetryScheduled', 'charge');
    });

    it('stops in COMPENSATION_FAILED when the budget is spent, and undoes nothing before it', () => {
      stuckOnCharge()
        .expectStatus('COMPENSATION_FAILED')
        .expectStepStatus('charge', 'COMPENSATION_FAILED')
        .expectStepStatus('reserve', 'SUCCEEDED')
        .expectNoCommands()
        .expectLogged('CompensationFailed', 'charge')
        .expectLogged('SagaCompensationFailed');
    });

    it('resumes with a fresh budget when an operator retries', () => {
      stuckOnCharge()
        .whenOperatorRetries()
        .expectStatus('COMPENSATING')
        .expectLogged('SagaRetryRequested')
        .expectCommand({ step: 'charge', kind: 'compensate', attempt: 3 })
        .whenCompensationErrors('charge')
        .expectLogged('CompensationRetryScheduled', 'charge')
        .whenCompensationRetryIsDue('charge')
        .whenCompensated('charge')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 })
        .whenCompensated('reserve')
        .expectStatus('COMPENSATED');
    });

    it('continues with the step before when an operator resolves the stuck one', () => {
      const scenario = stuckOnCharge()
        .whenOperatorResolves('charge', 'refunded by hand')
        .expectStepStatus('charge', 'COMPENSATED')
        .expectLogged('StepResolvedByOperator', 'charge')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
      expect(scenario.state.steps['charge']?.compensation?.resolvedBy).toEqual({ reason: 'refunded by hand', by: 'operator' });
      scenario.whenCompensated('reserve').expectStatus('COMPENSATED');
    });

    it('accepts a late compensated reply after the budget was spent and carries on', () => {
      stuckOnCharge()
        .whenReplied({ step: 'charge', kind: 'compensate', attempt: 1, outcome: 'compensated' })
        .expectStatus('COMPENSATING')
        .expectStepStatus('charge', 'COMPENSATED')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('refuses an operator retry of a saga whose compensation did not fail', () => {
      expect(() => compensatingCharge().whenOperatorRetries()).toThrow(SagaNotRetriableError);
    });

    it('refuses to resolve a step whose compensation did not fail', () => {
      expect(() => stuckOnCharge().whenOperatorResolves('reserve')).toThrow(StepNotResolvableError);
      expect(() => stuckOnCharge().whenOperatorResolves('nope')).toThrow('The saga has no step named "nope".');
    });

    it('does not compensate pivot or retriable steps', () => {
      givenSaga(testSaga(['a', testStep('p', { kind: 'pivot', compensation: undefined })]))
        .startedWith({})
        .whenStepSucceeds('a')
        .whenStepFails('p')
        .expectCommand({ step: 'a', kind: 'compensate', attempt: 1 })
        .whenCompensated('a')
        .expectStatus('COMPENSATED')
        .expectCompensationOrder(['a']);
    });
  });
});
