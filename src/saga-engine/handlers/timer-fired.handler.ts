import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { StepLogTypes } from '../step-log-type.js';
import { onChildTimedOut } from './child-saga.handler.js';
import { handleCompensationProblem, startCompensationAttempt } from '../transitions/compensation.transition.js';
import { handleStepProblem } from '../transitions/handle-step-problem.transition.js';
import { startStepAttempt } from '../transitions/start-step-attempt.transition.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import { advanceForward } from '../transitions/advance-forward.transition.js';
import { finishWaiting } from '../transitions/wait-and-delay.transition.js';
import { StepStatuses } from '../state/step-status.js';
import type { TimerFired } from '../triggers/saga-trigger.js';

/** A due (not stale) timer: a timeout counts as a technical problem, a retry timer sends the next attempt. */
export function onTimerFired(draft: DecisionDraft, timer: TimerFired): void {
  if (timer.kind === TimerKinds.sagaDeadline) {
    draft.record({ type: StepLogTypes.SagaDeadlineExceeded, data: { deadlineMs: draft.definition.deadlineMs ?? null } });
    turnBack(draft, { reason: 'deadline-exceeded' });
    return;
  }
  // Not stale, so step and attempt are present and known.
  const name = timer.step ?? '';
  const attempt = timer.attempt ?? 0;
  if (timer.kind === TimerKinds.waitTimeout) {
    onWaitTimedOut(draft, name);
    return;
  }
  if (timer.kind === TimerKinds.delayElapsed) {
    finishWaiting(draft, name, null);
    draft.record({ type: StepLogTypes.DelayElapsed, step: name });
    advanceForward(draft);
    return;
  }
  const node = draft.node(name);
  if (node.type === 'child') {
    onChildTimedOut(draft, name, node.timeoutMs ?? 0);
    return;
  }
  const definition = draft.stepDefinition(name);
  switch (timer.kind) {
    case TimerKinds.stepTimeout:
      draft.record({ type: StepLogTypes.StepTimedOut, step: name, attempt, data: { timeoutMs: definition.timeoutMs } });
      handleStepProblem(draft, name, {
        kind: 'timeout',
        code: 'step-timeout',
        message: `No reply within ${definition.timeoutMs} ms.`,
      });
      return;
    case TimerKinds.stepRetry:
      startStepAttempt(draft, definition, attempt + 1);
      return;
    case TimerKinds.compensationTimeout:
      handleCompensationProblem(draft, name, {
        kind: 'timeout',
        code: 'compensation-timeout',
        message: `No compensation reply within ${definition.timeoutMs} ms.`,
      });
      return;
    case TimerKinds.compensationRetry:
      startCompensationAttempt(draft, name, attempt + 1);
  }
}

/** No signal in time: the wait fails (it did nothing to undo) and the saga turns back. */
function onWaitTimedOut(draft: DecisionDraft, name: string): void {
  const node = draft.node(name);
  const timeoutMs = node.type === 'wait' ? node.timeoutMs : 0;
  const error = { kind: 'timeout' as const, code: 'wait-timeout', message: `No signal within ${timeoutMs} ms.` };
  draft.updateStep(name, { status: StepStatuses.FAILED, lastError: error, finishedAt: draft.context.now });
  draft.record({ type: StepLogTypes.WaitTimedOut, step: name, data: { signal: node.type === 'wait' ? node.signal : null, timeoutMs } });
  turnBack(draft, { step: name, reason: 'step-failed', error });
}
