import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import { testSaga, testStep } from '../../saga-engine/testing/definition-fixture.js';
import { givenSaga, type SagaScenario } from '../../saga-engine/testing/saga-scenario.js';
import { observeDecision } from './decision-observations.mapper.js';

const observedAt = '2030-01-01T00:00:00.000Z';

/** The observations of the scenario's latest decision, against the state before it. */
function lastObservations(scenario: SagaScenario) {
  const decisions = scenario.decisions;
  const previous: SagaState | undefined = decisions.length > 1 ? decisions[decisions.length - 2]!.state : undefined;
  return observeDecision(previous, scenario.lastDecision, observedAt);
}

describe(observeDecision.name, () => {
  it('counts a start and nothing else for the first decision', () => {
    const scenario = givenSaga(testSaga(['reserve', 'charge'])).startedWith({});

    expect(lastObservations(scenario)).toEqual({ started: true, steps: [], compensations: [], retries: [] });
  });

  it('times a step from its first attempt to its success, retries included', () => {
    const scenario = givenSaga(testSaga(['reserve', 'charge']))
      .startedWith({})
      .after(200);
    scenario.whenStepErrors('reserve');
    expect(lastObservations(scenario).retries).toEqual([{ step: 'reserve', kind: 'execute' }]);

    scenario.after(300).whenStepRetryIsDue('reserve').after(500).whenStepSucceeds('reserve');

    expect(lastObservations(scenario)).toMatchObject({ started: false, steps: [{ step: 'reserve', outcome: 'succeeded', seconds: 1 }] });
  });

  it('counts completion once, when the saga enters COMPLETED', () => {
    const scenario = givenSaga(testSaga(['reserve']))
      .startedWith({})
      .whenStepSucceeds('reserve');
    expect(lastObservations(scenario).enteredOutcome).toBe('COMPLETED');

    scenario.whenStepSucceeds('reserve');

    expect(lastObservations(scenario)).toEqual({ started: false, steps: [], compensations: [], retries: [] });
  });

  it('times compensations and counts the saga as compensated after a business failure', () => {
    const scenario = givenSaga(testSaga(['reserve', 'charge']))
      .startedWith({})
      .whenStepSucceeds('reserve')
      .after(100)
      .whenStepFails('charge');
    expect(lastObservations(scenario).steps).toEqual([{ step: 'charge', outcome: 'failed', seconds: 0.1 }]);

    scenario.after(250).whenCompensated('reserve');

    expect(lastObservations(scenario)).toMatchObject({
      enteredOutcome: 'COMPENSATED',
      compensations: [{ step: 'reserve', outcome: 'compensated', seconds: 0.25 }],
    });
  });

  it('counts a compensation that spends its budget as failed and the saga as COMPENSATION_FAILED', () => {
    const scenario = givenSaga(
      testSaga([
        testStep('reserve', { compensationRetry: { maxAttempts: 1, initialDelayMs: 1, backoffCoefficient: 1, maxDelayMs: 1, jitter: 0 } }),
        'charge',
      ]),
    )
      .startedWith({})
      .whenStepSucceeds('reserve')
      .whenStepFails('charge')
      .whenCompensationErrors('reserve');

    const observations = lastObservations(scenario);

    expect(observations.enteredOutcome).toBe('COMPENSATION_FAILED');
    expect(observations.compensations).toMatchObject([{ step: 'reserve', outcome: 'failed' }]);
  });

  test.prop([fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 3, maxLength: 3 })])(
    'never reports a negative duration, even when the clock steps back between decisions',
    ([a, b, c]) => {
      const scenario = givenSaga(testSaga(['reserve', 'charge']))
        .startedWith({})
        .after(a!)
        .whenStepSucceeds('reserve');
      const forward = lastObservations(scenario).steps;
      scenario.after(b!).whenStepFails('charge').after(c!).whenCompensated('reserve');
      const backward = lastObservations(scenario).compensations;

      expect([...forward, ...backward].every((timed) => timed.seconds >= 0)).toBe(true);
      expect(backward).toHaveLength(1);
    },
  );
});
