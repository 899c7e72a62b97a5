import { describe, expect, it } from 'vitest';
import type { SagaState, StepState } from '../state/saga-state.js';
import type { StepReplyReceived } from '../triggers/saga-trigger.js';
import { isStaleReply, whyReplyIsStale } from './is-stale-reply.rule.js';

const sagaWith = (step: StepState, status: SagaState['status'] = 'RUNNING'): SagaState => ({
  status,
  input: {},
  steps: { a: step },
  completionOrder: [],
});
const reply = (fields: Partial<StepReplyReceived>): StepReplyReceived => ({
  type: 'StepReplyReceived',
  step: 'a',
  kind: 'execute',
  attempt: 2,
  outcome: 'succeeded',
  ...fields,
});
const running: StepState = { status: 'RUNNING', attempt: 2 };
const compensating: StepState = { status: 'COMPENSATING', attempt: 1, compensation: { attempt: 2 } };

describe(whyReplyIsStale.name, () => {
  it.each([
    ['a success of the current attempt', running, reply({}), undefined],
    ['a success of an earlier attempt', running, reply({ attempt: 1 }), undefined],
    ['an error of the current attempt', running, reply({ outcome: 'error' }), undefined],
    ['an error of an earlier attempt', running, reply({ attempt: 1, outcome: 'error' }), 'older-attempt'],
    ['a reply for an attempt never sent', running, reply({ attempt: 3 }), 'unknown-attempt'],
    ['an error while a retry is scheduled', { ...running, nextAttemptAt: 'x' }, reply({ outcome: 'error' }), 'attempt-already-handled'],
    ['a reply for a finished step', { status: 'SUCCEEDED', attempt: 2 }, reply({}), 'step-not-running'],
    ['compensated for an execute', running, reply({ outcome: 'compensated' }), 'outcome-does-not-match-kind'],
    ['a compensated of the current attempt', compensating, reply({ kind: 'compensate', outcome: 'compensated' }), undefined],
    ['an error of an earlier compensation', compensating, reply({ kind: 'compensate', attempt: 1, outcome: 'error' }), 'older-attempt'],
    ['a compensation reply for a step not compensating', running, reply({ kind: 'compensate', outcome: 'compensated' }), 'step-not-compensating'],
    [
      'a late compensated after giving up',
      { ...compensating, status: 'COMPENSATION_FAILED' },
      reply({ kind: 'compensate', attempt: 1, outcome: 'compensated' }),
      undefined,
    ],
    [
      'a late error after giving up',
      { ...compensating, status: 'COMPENSATION_FAILED' },
      reply({ kind: 'compensate', outcome: 'error' }),
      'step-not-compensating',
    ],
  ] as const)('%s → %s', (_case, step, trigger, why) => {
    expect(whyReplyIsStale(sagaWith(step), trigger)).toBe(why);
    expect(isStaleReply(sagaWith(step), trigger)).toBe(why !== undefined);
  });

  it('ignores anything for a finished saga or an unknown step', () => {
    expect(whyReplyIsStale(sagaWith(running, 'COMPLETED'), reply({}))).toBe('saga-finished');
    expect(whyReplyIsStale(sagaWith(running), reply({ step: 'b' }))).toBe('unknown-step');
  });
});
