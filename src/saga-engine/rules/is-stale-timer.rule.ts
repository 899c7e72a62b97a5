import { findNode } from '../definition/flow.util.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { IgnoreReason } from '../ignore-reason.js';
import { IgnoreReasons } from '../ignore-reason.js';
import type { SagaState } from '../state/saga-state.js';
import { isSagaFinished, SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import type { TimerFired } from '../triggers/saga-trigger.js';
import { isPastPointOfNoReturn } from './is-past-point-of-no-return.rule.js';

/**
 * Why a fired timer must change nothing (its step or attempt moved on, the saga finished),
 * or undefined when it is due. Timers are at-least-once: a stale one is normal, never an error.
 */
export function whyTimerIsStale(definition: SagaDefinition, state: SagaState, timer: TimerFired): IgnoreReason | undefined {
  if (isSagaFinished(state.status)) return IgnoreReasons.sagaFinished;
  if (timer.kind === TimerKinds.sagaDeadline) {
    if (state.status !== SagaStatuses.RUNNING) return IgnoreReasons.sagaNotRunning;
    return isPastPointOfNoReturn(definition, state) ? IgnoreReasons.pastPointOfNoReturn : undefined;
  }
  if (timer.step === undefined || timer.attempt === undefined) return IgnoreReasons.malformedTimer;
  const step = state.steps[timer.step];
  const node = findNode(definition, timer.step);
  if (!step || !node) return IgnoreReasons.unknownStep;
  const waiting = timer.kind === TimerKinds.waitTimeout || timer.kind === TimerKinds.delayElapsed;
  const expectedType = timer.kind === TimerKinds.waitTimeout ? 'wait' : timer.kind === TimerKinds.delayElapsed ? 'delay' : 'step';
  // A child node's only timer is its step timeout.
  const childTimeout = node.type === 'child' && timer.kind === TimerKinds.stepTimeout;
  if (node.type !== expectedType && !childTimeout) return IgnoreReasons.timerOutdated;
  if (waiting) {
    if (state.status !== SagaStatuses.RUNNING) return IgnoreReasons.sagaNotRunning;
    return step.status === StepStatuses.RUNNING && step.attempt === timer.attempt ? undefined : IgnoreReasons.timerOutdated;
  }
  switch (timer.kind) {
    case TimerKinds.stepTimeout:
      return step.status === StepStatuses.RUNNING && step.attempt === timer.attempt && step.nextAttemptAt === undefined
        ? undefined
        : IgnoreReasons.timerOutdated;
    case TimerKinds.stepRetry:
      if (state.status !== SagaStatuses.RUNNING) return IgnoreReasons.sagaNotRunning;
      return step.status === StepStatuses.RUNNING && step.attempt === timer.attempt && step.nextAttemptAt !== undefined
        ? undefined
        : IgnoreReasons.timerOutdated;
    case TimerKinds.compensationTimeout:
      return step.status === StepStatuses.COMPENSATING &&
        step.compensation?.attempt === timer.attempt &&
        step.compensation.nextAttemptAt === undefined
        ? undefined
        : IgnoreReasons.timerOutdated;
    case TimerKinds.compensationRetry:
      return step.status === StepStatuses.COMPENSATING &&
        step.compensation?.attempt === timer.attempt &&
        step.compensation.nextAttemptAt !== undefined
        ? undefined
        : IgnoreReasons.timerOutdated;
  }
}

/** True when the timer must change nothing. */
export function isStaleTimer(definition: SagaDefinition, state: SagaState, timer: TimerFired): boolean {
  return whyTimerIsStale(definition, state, timer) !== undefined;
}
