import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { testSaga } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';

const saga = testSaga(['reserve', 'charge']);

describe(decide.name, () => {
  describe('duplicate, late and stale triggers', () => {
    it('ignores a duplicated success', () => {
      givenSaga(saga).startedWith({}).whenStepSucceeds('reserve').whenStepSucceeds('reserve', {}, 1).expectIgnored('step-not-running');
    });

    it('ignores a duplicated business failure', () => {
      givenSaga(saga).startedWith({}).whenStepSucceeds('reserve').whenStepFails('charge').whenStepFails('charge').expectIgnored('step-not-running');
    });

    it('ignores a second error for an attempt whose retry is already scheduled', () => {
      givenSaga(saga).startedWith({}).whenStepErrors('reserve').whenStepErrors('reserve').expectIgnored('attempt-already-handled');
    });

    it('ignores an error from an attempt that a newer one replaced', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepErrors('reserve')
        .whenStepRetryIsDue('reserve')
        .whenReplied({ step: 'reserve', kind: 'execute', attempt: 1, outcome: 'error' })
        .expectIgnored('older-attempt');
    });

    it('ignores a reply for an attempt that was never sent', () => {
      givenSaga(saga)
        .startedWith({})
        .whenReplied({ step: 'reserve', kind: 'execute', attempt: 2, outcome: 'succeeded' })
        .expectIgnored('unknown-attempt');
    });

    it('ignores a reply for an unknown step', () => {
      givenSaga(saga).startedWith({}).whenReplied({ step: 'nope', outcome: 'succeeded' }).expectIgnored('unknown-step');
    });

    it('ignores an outcome that does not belong to the command kind', () => {
      givenSaga(saga)
        .startedWith({})
        .whenReplied({ step: 'reserve', kind: 'execute', outcome: 'compensated' })
        .expectIgnored('outcome-does-not-match-kind');
    });

    it('ignores any reply once the saga finished', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepSucceeds('charge')
        .whenReplied({ step: 'charge', kind: 'execute', attempt: 1, outcome: 'failed' })
        .expectIgnored('saga-finished');
    });

    it('ignores a duplicated compensated reply', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepSucceeds('reserve')
        .whenStepFails('charge')
        .whenCompensated('reserve')
        .whenCompensated('reserve')
        .expectIgnored('saga-finished');
    });

    it('ignores a compensation reply for a step that is not being compensated', () => {
      givenSaga(saga)
        .startedWith({})
        .whenReplied({ step: 'reserve', kind: 'compensate', attempt: 1, outcome: 'compensated' })
        .expectIgnored('step-not-compensating');
    });

    it('ignores a timeout timer of an attempt that already succeeded', () => {
      givenSaga(saga).startedWith({}).whenStepSucceeds('reserve').whenTimerFires('step-timeout', 'reserve', 1).expectIgnored('timer-outdated');
    });

    it('ignores a retry timer that fires twice', () => {
      givenSaga(saga)
        .startedWith({})
        .whenStepErrors('reserve')
        .whenTimerFires('step-retry', 'reserve', 1)
        .whenTimerFires('step-retry', 'reserve', 1)
        .expectIgnored('timer-outdated');
    });

    it('ignores a timer without the step it needs', () => {
      givenSaga(saga).startedWith({}).whenTimerFires('step-timeout').expectIgnored('malformed-timer');
    });

    it('never mutates the state it is given', () => {
      const scenario = givenSaga(saga)
        .startedWith({ a: [1] })
        .whenStepSucceeds('reserve', { r: 1 });
      const before = structuredClone(scenario.state);
      const frozen = deepFreeze(structuredClone(scenario.state));
      decide(saga, frozen, { type: 'StepReplyReceived', step: 'charge', kind: 'execute', attempt: 1, outcome: 'failed' }, scenario.context);
      expect(frozen).toEqual(before);
    });
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
