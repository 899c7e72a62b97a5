import type { TimerKind } from '../decision.js';
import type { IgnoreReason } from '../ignore-reason.js';
import { IgnoreReasons } from '../ignore-reason.js';
import type { SagaState, StepState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import type { TimerFired } from '../triggers/saga-trigger.js';
import type { NodeDraft } from './node-kind.js';

/**
 * What node kinds with one timer and nothing to undo (wait, delay: the common case of a new
 * kind) share: their timer is due only while the saga runs forward and the node's first
 * attempt is running.
 */
export function whyTimedNodeTimerIsStale(own: TimerKind, state: SagaState, step: StepState, timer: TimerFired): IgnoreReason | undefined {
  if (timer.kind !== own) return IgnoreReasons.timerOutdated;
  if (state.status !== SagaStatuses.RUNNING) return IgnoreReasons.sagaNotRunning;
  return step.status === StepStatuses.RUNNING && step.attempt === timer.attempt ? undefined : IgnoreReasons.timerOutdated;
}

/** The saga turned back while the node ran: it stops (it did nothing to undo) and counts as SKIPPED; its timer is disarmed. */
export function interruptTimedNode(draft: NodeDraft, name: string, own: TimerKind): void {
  draft.disarm({ kind: own, step: name, attempt: 1 });
  draft.updateStep(name, { status: StepStatuses.SKIPPED, finishedAt: draft.context.now });
  draft.record({ type: StepLogTypes.StepSkipped, step: name, data: { interrupted: true } });
}
