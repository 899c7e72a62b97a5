import { CommandKinds } from '@saga-coordinator/contracts';
import { findNode, findParticipantStep } from './definition/flow.util.js';
import type { SagaDefinition } from './definition/saga-definition.js';
import { onSignalReceived } from './handlers/signal.handler.js';
import type { Decision, DecisionContext } from './decision.js';
import { DecisionDraft } from './decision-draft.js';
import { SagaAlreadyStartedError } from './errors/saga-already-started.error.js';
import { SagaNotStartedError } from './errors/saga-not-started.error.js';
import { onCompensateReply } from './handlers/compensate-reply.handler.js';
import { onExecuteReply } from './handlers/execute-reply.handler.js';
import { onCancelRequested, onRetryRequested, onStepResolved } from './handlers/operator.handler.js';
import { initialSagaState, onStartSaga } from './handlers/start-saga.handler.js';
import { onTimerFired } from './handlers/timer-fired.handler.js';
import { onChildSagaFinished, onParentCompensationRequested } from './handlers/child-saga.handler.js';
import { type SagaStatus, SagaStatuses } from './state/saga-status.js';
import { IgnoreReasons } from './ignore-reason.js';
import { whyReplyIsStale } from './rules/is-stale-reply.rule.js';
import { whyTimerIsStale } from './rules/is-stale-timer.rule.js';
import type { SagaState } from './state/saga-state.js';
import { ignoreTrigger } from './transitions/ignore-trigger.transition.js';
import { nodeEngineFor } from './nodes/node-engine.js';
import type { SagaTrigger } from './triggers/saga-trigger.js';

/**
 * The saga engine: what follows from `trigger` given the saga's `state` (undefined before
 * `StartSaga`). Pure and deterministic: no I/O, time and randomness come from `context`, the
 * input state is never mutated.
 *
 * Replies and timers may be duplicated, late or stale; those never throw: they yield the same
 * state, no commands, no timers and one `ReplyIgnored` log entry. Operator triggers that the
 * state cannot accept throw an `OperatorRefusalError`: this is the one place they are checked,
 * and the refusal names `context.sagaId` when given.
 *
 * @throws SagaAlreadyStartedError, SagaNotStartedError (bugs of the caller); the operator
 *   refusals SagaNotCancellableError, SagaNotRetriableError, StepNotFoundError,
 *   StepNotResolvableError, SignalNotAwaitedError
 */
export function decide(definition: SagaDefinition, state: SagaState | undefined, trigger: SagaTrigger, context: DecisionContext): Decision {
  if (trigger.type === 'StartSaga') {
    if (state !== undefined) throw new SagaAlreadyStartedError();
    const draft = new DecisionDraft(definition, initialSagaState(definition, trigger.input, trigger.parent), context, nodeEngineFor);
    onStartSaga(draft);
    noticeForParent(draft, undefined, trigger);
    return draft.toDecision();
  }
  if (state === undefined) throw new SagaNotStartedError(trigger.type);
  const draft = new DecisionDraft(definition, state, context, nodeEngineFor);
  switch (trigger.type) {
    case 'StepReplyReceived': {
      const known = findParticipantStep(definition, trigger.step) !== undefined;
      const why = known ? whyReplyIsStale(state, trigger) : IgnoreReasons.unknownStep;
      if (why !== undefined) ignoreTrigger(draft, why, trigger);
      else if (trigger.kind === CommandKinds.execute) onExecuteReply(draft, trigger);
      else onCompensateReply(draft, trigger);
      break;
    }
    case 'TimerFired': {
      const known = trigger.step === undefined || findNode(definition, trigger.step) !== undefined;
      const why = known ? whyTimerIsStale(definition, state, trigger) : IgnoreReasons.unknownStep;
      if (why !== undefined) ignoreTrigger(draft, why, trigger);
      else onTimerFired(draft, trigger);
      break;
    }
    case 'CancelRequested':
      onCancelRequested(draft, trigger);
      break;
    case 'RetryRequested':
      onRetryRequested(draft, trigger);
      break;
    case 'StepResolved':
      onStepResolved(draft, trigger);
      break;
    case 'SignalReceived':
      onSignalReceived(draft, trigger);
      break;
    case 'ChildSagaFinished':
      onChildSagaFinished(draft, trigger);
      break;
    case 'ParentCompensationRequested':
      onParentCompensationRequested(draft, trigger);
      break;
  }
  noticeForParent(draft, state.status, trigger);
  return draft.toDecision();
}

/**
 * A child saga tells its parent how it ended: when it becomes COMPLETED or COMPENSATED, and
 * again when the parent asks a COMPENSATED child to undo itself (the parent may have missed
 * or ignored the first notice, and must not wait forever).
 */
function noticeForParent(draft: DecisionDraft, previous: SagaStatus | undefined, trigger: SagaTrigger): void {
  const { parent, status } = draft.state;
  if (parent === undefined || (status !== SagaStatuses.COMPLETED && status !== SagaStatuses.COMPENSATED)) return;
  if (status === previous && trigger.type !== 'ParentCompensationRequested') return;
  const failure = draft.state.failure;
  const sequence = (parent.notices ?? 0) + 1;
  draft.updateSaga({ parent: { ...parent, notices: sequence } });
  draft.notifyParent({
    parentSagaId: parent.sagaId,
    step: parent.step,
    status,
    sequence,
    ...(status === SagaStatuses.COMPLETED ? { output: draft.state.output ?? null } : {}),
    ...(status === SagaStatuses.COMPENSATED && failure !== undefined
      ? {
          failure: {
            code: failure.error?.code ?? failure.reason,
            message: failure.error?.message ?? failure.message ?? `The child saga turned back (${failure.reason}).`,
          },
        }
      : {}),
  });
}
