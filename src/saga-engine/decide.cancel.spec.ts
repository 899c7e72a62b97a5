import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { SagaNotCancellableError } from './errors/saga-not-cancellable.error.js';
import { testSaga, testStep } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';

const saga = testSaga(['reserve', 'charge', 'ship'], { deadlineMs: 60_000 });
const withPivot = testSaga([testStep('reserve'), testStep('charge', { kind: 'pivot' }), testStep('ship', { kind: 'retriable' })]);

describe(decide.name, () => {
  describe('cancel', () => {
    it('waits for the running step, then compensates it if it succeeded, then the ones before', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenCancelled('changed my mind')
        .expectStatus('COMPENSATING')
        .expectLogged('SagaCancelRequested')
        .expectNoCommands()
        .expectStepStatus('charge', 'RUNNING')
        .expectState((state) => expect(state.failure).toEqual({ reason: 'cancelled', message: 'changed my mind', by: 'tester' }))
        .whenStepSucceeds('charge')
        .expectStepStatus('ship', 'SKIPPED')
        .expectCommand({ step: 'charge', kind: 'compensate', attempt: 1 })
        .whenCompensated('charge')
        .whenCompensated('reserve')
        .expectStatus('COMPENSATED')
        .expectCompensationOrder(['charge', 'reserve']);
    });

    it('does not compensate the running step when it fails after the cancel, and does not retry it', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenCancelled()
        .whenStepErrors('charge')
        .expectStepStatus('charge', 'FAILED')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('compensates the running step as maybe-done when it times out after the cancel', () => {
      givenSaga(saga)
        .startedWith({})
        .whenCancelled()
        .whenStepTimesOut('reserve')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1, payload: { input: {}, output: null } });
    });

    it('stops a step waiting for a retry at once: failed if its attempts only errored', () => {
      givenSaga(saga).startedWith({}).whenStepErrors('reserve').whenCancelled().expectStepStatus('reserve', 'FAILED').expectStatus('COMPENSATED');
    });

    it('stops a step waiting for a retry at once: maybe-done if an attempt timed out', () => {
      givenSaga(saga).startedWith({}).whenStepTimesOut('reserve').whenCancelled().expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('is idempotent while the saga turns back', () => {
      givenSaga(saga).startedWith({}).whenStepSucceeds('reserve').whenStepFails('charge').whenCancelled().expectIgnored('already-turning-back');
    });

    it('is refused on a finished saga', () => {
      const completed = givenSaga(saga).startedWith({}).whenStepSucceeds('reserve').whenStepSucceeds('charge').whenStepSucceeds('ship');
      expect(() => completed.whenCancelled()).toThrow(SagaNotCancellableError);
      expect(() => completed.whenCancelled()).toThrow('The saga cannot be cancelled: it is COMPLETED.');
    });
  });

  describe('deadline', () => {
    it('turns a running saga back with reason deadline-exceeded', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepSucceeds('charge')
        .whenDeadlinePasses()
        .expectLogged('SagaDeadlineExceeded')
        .expectStatus('COMPENSATING')
        .expectState((state) => expect(state.failure?.reason).toBe('deadline-exceeded'))
        .whenStepFails('ship')
        .expectCommand({ step: 'charge', kind: 'compensate', attempt: 1 });
    });

    it('is ignored once the saga completed', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepSucceeds('charge')
        .whenStepSucceeds('ship')
        .whenDeadlinePasses()
        .expectIgnored('saga-finished');
    });
  });

  describe('pivot and retriable steps', () => {
    it('refuses a cancel once the pivot started, and after it succeeded', () => {
      const scenario = givenSaga(withPivot).startedWith({}).whenStepSucceeds('reserve');
      expect(() => scenario.whenCancelled()).toThrow(
        'The saga cannot be cancelled: step "charge" is past the point of no return (it has started), so the saga can only go forward.',
      );
      scenario.whenStepSucceeds('charge');
      expect(() => scenario.whenCancelled()).toThrow(SagaNotCancellableError);
    });

    it('ignores the deadline once the pivot started', () => {
      givenSaga({ ...withPivot, deadlineMs: 1_000 })
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenDeadlinePasses()
        .expectIgnored('past-point-of-no-return');
    });

    it('retries a pivot whose outcome is unknown past its budget, until it answers', () => {
      const scenario = givenSaga(withPivot).startedWith({}).whenStepSucceeds('reserve');
      for (let attempt = 1; attempt <= 5; attempt += 1) scenario.whenStepTimesOut('charge').expectStatus('RUNNING').whenStepRetryIsDue('charge');
      scenario
        .expectCommand({ step: 'charge', kind: 'execute', attempt: 6 })
        .whenStepFails('charge')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('gives up on a pivot whose attempts all errored (nothing happened) and compensates the steps before', () => {
      givenSaga(withPivot)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepErrors('charge')
        .whenStepRetryIsDue('charge')
        .whenStepErrors('charge')
        .whenStepRetryIsDue('charge')
        .whenStepErrors('charge')
        .expectStepStatus('charge', 'FAILED')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('compensates the steps before a pivot that fails', () => {
      givenSaga(withPivot)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepFails('charge')
        .expectStepStatus('ship', 'SKIPPED')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 });
    });

    it('retries a retriable step past its attempt budget, even on a business failure', () => {
      const scenario = givenSaga(withPivot).startedWith({}).whenStepSucceeds('reserve').whenStepSucceeds('charge');
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        if (attempt % 2 === 0) scenario.whenStepFails('ship');
        else scenario.whenStepErrors('ship');
        scenario.expectStatus('RUNNING').expectLogged('StepRetryScheduled', 'ship').whenStepRetryIsDue('ship');
      }
      scenario
        .expectCommand({ step: 'ship', kind: 'execute', attempt: 11 })
        .expectTimerArmed({ kind: 'step-timeout', step: 'ship', attempt: 11 })
        .whenStepSucceeds('ship')
        .expectStatus('COMPLETED');
      expect(
        scenario.decisions
          .flatMap((d) => d.timers)
          .filter((t) => t.kind === 'step-retry')
          .every((t) => t.dueInMs <= 1_000),
      ).toBe(true);
    });
  });
});
