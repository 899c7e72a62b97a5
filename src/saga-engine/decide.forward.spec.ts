import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { SagaAlreadyStartedError } from './errors/saga-already-started.error.js';
import { SagaNotStartedError } from './errors/saga-not-started.error.js';
import { testSaga, testStep } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';

const saga = testSaga(['reserve', 'charge', 'ship']);
const input = { orderId: 'o-1' };

describe(decide.name, () => {
  describe('going forward', () => {
    it('starts the first step with the input, a timeout timer and a SagaStarted entry', () => {
      givenSaga(saga)
        .startedWith(input)
        .expectStatus('RUNNING')
        .expectStepStatus('reserve', 'RUNNING')
        .expectCommand({ step: 'reserve', kind: 'execute', attempt: 1, payload: { input, outputs: {} } })
        .expectTimerArmed({ kind: 'step-timeout', step: 'reserve', attempt: 1, dueInMs: 1_000 })
        .expectLogged('SagaStarted')
        .expectLogged('StepStarted', 'reserve');
    });

    it('arms the saga deadline when the definition has one', () => {
      givenSaga(testSaga(['a'], { deadlineMs: 60_000 }))
        .startedWith(input)
        .expectTimerArmed({ kind: 'saga-deadline', dueInMs: 60_000 });
    });

    it('hands each step the outputs of the steps before it', () => {
      givenSaga(saga)
        .startedWith(input)
        .whenStepSucceeds('reserve', { reservationId: 'r-1' })
        .expectCommand({ step: 'charge', kind: 'execute', attempt: 1, payload: { input, outputs: { reserve: { reservationId: 'r-1' } } } })
        .whenStepSucceeds('charge', { paymentId: 'p-1' })
        .expectCommand({
          step: 'ship',
          kind: 'execute',
          attempt: 1,
          payload: { input, outputs: { reserve: { reservationId: 'r-1' }, charge: { paymentId: 'p-1' } } },
        });
    });

    it('completes with the map of step outputs when every step succeeded', () => {
      const scenario = givenSaga(saga)
        .startedWith(input)
        .whenStepSucceeds('reserve', 1)
        .whenStepSucceeds('charge', 2)
        .whenStepSucceeds('ship', 3)
        .expectStatus('COMPLETED')
        .expectNoCommands()
        .expectLogged('SagaCompleted');
      expect(scenario.state.output).toEqual({ reserve: 1, charge: 2, ship: 3 });
      expect(scenario.state.completionOrder).toEqual(['reserve', 'charge', 'ship']);
    });

    it('cancels the timers of a step that succeeded', () => {
      const scenario = givenSaga(saga).startedWith(input).whenStepSucceeds('reserve');
      expect(scenario.lastDecision.cancelTimers).toContainEqual({ kind: 'step-timeout', step: 'reserve', attempt: 1 });
    });
  });

  describe('retrying technical errors', () => {
    it('schedules a retry with backoff after an error and sends attempt 2 when the retry is due', () => {
      givenSaga(saga)
        .startedWith(input)
        .whenStepErrors('reserve')
        .expectStatus('RUNNING')
        .expectStepStatus('reserve', 'RUNNING')
        .expectNoCommands()
        .expectLogged('StepRetryScheduled', 'reserve')
        .expectTimerArmed({ kind: 'step-retry', step: 'reserve', attempt: 1, dueInMs: 100 })
        .expectState((state) => expect(state.steps['reserve']?.nextAttemptAt).toBe('2026-01-01T00:00:00.100Z'))
        .whenStepRetryIsDue('reserve')
        .expectCommand({ step: 'reserve', kind: 'execute', attempt: 2 })
        .expectTimerArmed({ kind: 'step-timeout', step: 'reserve', attempt: 2 })
        .expectState((state) => expect(state.steps['reserve']?.nextAttemptAt).toBeUndefined())
        .whenStepSucceeds('reserve')
        .expectCommand({ step: 'charge', kind: 'execute', attempt: 1 });
    });

    it('doubles the backoff on each retry', () => {
      givenSaga(saga)
        .startedWith(input)
        .whenStepErrors('reserve')
        .whenStepRetryIsDue('reserve')
        .whenStepErrors('reserve')
        .expectTimerArmed({ kind: 'step-retry', step: 'reserve', attempt: 2, dueInMs: 200 });
    });

    it('fails the step when its attempts are spent and compensates what succeeded before it', () => {
      givenSaga(saga)
        .startedWith(input)
        .whenStepSucceeds('reserve')
        .whenStepErrors('charge')
        .whenStepRetryIsDue('charge')
        .whenStepErrors('charge')
        .whenStepRetryIsDue('charge')
        .whenStepErrors('charge')
        .expectStepStatus('charge', 'FAILED')
        .expectStatus('COMPENSATING')
        .expectLogged('StepFailed', 'charge')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1 })
        .expectState((state) => expect(state.failure).toMatchObject({ step: 'charge', reason: 'step-failed' }));
    });

    it('counts a success of an earlier attempt that arrives during the backoff', () => {
      givenSaga(saga)
        .startedWith(input)
        .whenStepErrors('reserve')
        .whenStepRetryIsDue('reserve')
        .whenStepTimesOut('reserve')
        .whenStepSucceeds('reserve', { late: true }, 1)
        .expectStepStatus('reserve', 'SUCCEEDED')
        .expectCommand({ step: 'charge', kind: 'execute', attempt: 1 });
    });
  });

  describe('timeouts', () => {
    it('retries a timed-out attempt and logs the timeout', () => {
      givenSaga(saga)
        .startedWith(input)
        .whenStepTimesOut('reserve')
        .expectLogged('StepTimedOut', 'reserve')
        .expectLogged('StepRetryScheduled', 'reserve')
        .expectStepStatus('reserve', 'RUNNING');
    });

    it('compensates a step whose last attempt timed out as maybe-done, before the steps that succeeded earlier', () => {
      givenSaga(testSaga([testStep('reserve'), testStep('charge', { retry: { ...testStep('x').retry, maxAttempts: 1 } })]))
        .startedWith(input)
        .whenStepSucceeds('reserve', { r: 1 })
        .whenStepTimesOut('charge')
        .expectState((state) => expect(state.completionOrder).toEqual(['reserve', 'charge']))
        .expectStepStatus('charge', 'COMPENSATING')
        .expectStatus('COMPENSATING')
        .expectCommand({ step: 'charge', kind: 'compensate', attempt: 1, payload: { input, output: null } })
        .whenCompensated('charge')
        .expectCommand({ step: 'reserve', kind: 'compensate', attempt: 1, payload: { input, output: { r: 1 } } })
        .whenCompensated('reserve')
        .expectStatus('COMPENSATED')
        .expectCompensationOrder(['charge', 'reserve']);
    });

    it('still counts a step as maybe-done when an attempt timed out and the last one errored', () => {
      givenSaga(testSaga([testStep('charge', { retry: { ...testStep('x').retry, maxAttempts: 2 } })]))
        .startedWith(input)
        .whenStepTimesOut('charge')
        .whenStepRetryIsDue('charge')
        .whenStepErrors('charge')
        .expectLogged('StepFailed', 'charge')
        .expectState((state) => expect(state.completionOrder).toEqual(['charge']))
        .expectCommand({ step: 'charge', kind: 'compensate', attempt: 1 });
    });

    it('ignores a late success after the step timed out for good', () => {
      givenSaga(testSaga([testStep('charge', { retry: { ...testStep('x').retry, maxAttempts: 1 } })]))
        .startedWith(input)
        .whenStepTimesOut('charge')
        .whenStepSucceeds('charge', { late: true }, 1)
        .expectIgnored('step-not-running')
        .expectStepStatus('charge', 'COMPENSATING');
    });
  });

  describe('business failures', () => {
    it.each(['reserve', 'charge', 'ship'])('compensates exactly the steps before %s, in reverse, when it refuses', (failing) => {
      const names = ['reserve', 'charge', 'ship'];
      const before = names.slice(0, names.indexOf(failing));
      const scenario = givenSaga(saga).startedWith(input);
      for (const name of before) scenario.whenStepSucceeds(name);
      scenario.whenStepFails(failing).expectStepStatus(failing, 'FAILED');
      for (const name of [...before].reverse()) scenario.expectCommand({ step: name, kind: 'compensate', attempt: 1 }).whenCompensated(name);
      scenario
        .expectStatus('COMPENSATED')
        .expectCompensationOrder([...before].reverse())
        .expectLogged('SagaCompensated');
      for (const name of names.slice(names.indexOf(failing) + 1)) scenario.expectStepStatus(name, 'SKIPPED');
      expect(scenario.state.failure?.error).toEqual({ kind: 'business', code: 'refused', message: `${failing} refused` });
    });

    it('never retries a business failure', () => {
      const scenario = givenSaga(saga).startedWith(input).whenStepFails('reserve');
      expect(scenario.lastDecision.timers.filter((timer) => timer.kind === 'step-retry')).toEqual([]);
      scenario.expectStatus('COMPENSATED');
    });
  });

  describe('misuse', () => {
    it('refuses to start a saga twice', () => {
      const scenario = givenSaga(saga).startedWith(input);
      expect(() => scenario.startedWith(input)).toThrow(SagaAlreadyStartedError);
    });

    it('refuses a reply for a saga that never started', () => {
      expect(() => decide(saga, undefined, { type: 'CancelRequested' }, { now: '2026-01-01T00:00:00Z', random: () => 0 })).toThrow(
        SagaNotStartedError,
      );
    });
  });
});
