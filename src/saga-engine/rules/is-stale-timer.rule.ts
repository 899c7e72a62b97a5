import { findNode } from '../definition/flow.util.js';
import { findNodeKind } from '../nodes/node-kinds.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { IgnoreReason } from '../ignore-reason.js';
import { IgnoreReasons } from '../ignore-reason.js';
import type { SagaState } from '../state/saga-state.js';
import { isSagaFinished, SagaStatuses } from '../state/saga-status.js';
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
  // Each kind knows its own timers; a timer the node's kind does not arm is outdated (the definition changed under it).
  const kind = findNodeKind(node.type);
  return kind?.whyTimerIsStale ? kind.whyTimerIsStale(state, step, node, timer) : IgnoreReasons.timerOutdated;
}

/** True when the timer must change nothing. */
export function isStaleTimer(definition: SagaDefinition, state: SagaState, timer: TimerFired): boolean {
  return whyTimerIsStale(definition, state, timer) !== undefined;
}
