import type { DelayDefinition, WaitDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';

/** Suspends on a signal: the state says so and a durable timer bounds it; nothing stays in memory. */
export function startWait(draft: DecisionDraft, node: WaitDefinition): void {
  draft.updateStep(node.name, { status: StepStatuses.RUNNING, attempt: 1, startedAt: draft.context.now });
  draft.record({ type: StepLogTypes.WaitStarted, step: node.name, data: { signal: node.signal, timeoutMs: node.timeoutMs, until: draft.at(node.timeoutMs) } });
  draft.arm({ kind: TimerKinds.waitTimeout, step: node.name, attempt: 1, dueInMs: node.timeoutMs });
}

/** A durable pause: a timer row, nothing in memory. */
export function startDelay(draft: DecisionDraft, node: DelayDefinition): void {
  draft.updateStep(node.name, { status: StepStatuses.RUNNING, attempt: 1, startedAt: draft.context.now });
  draft.record({ type: StepLogTypes.DelayStarted, step: node.name, data: { delayMs: node.delayMs, until: draft.at(node.delayMs) } });
  draft.arm({ kind: TimerKinds.delayElapsed, step: node.name, attempt: 1, dueInMs: node.delayMs });
}

/** A wait or delay is over; its output (the signal's payload, or null) is stored like a step's. */
export function finishWaiting(draft: DecisionDraft, name: string, output: unknown): void {
  draft.updateStep(name, { status: StepStatuses.SUCCEEDED, output: output ?? null, finishedAt: draft.context.now });
}

/**
 * The saga turned back: running waits and delays stop (they did nothing to undo) and count as
 * SKIPPED; their timers are disarmed.
 */
export function stopWaiting(draft: DecisionDraft): void {
  for (const [name, step] of Object.entries(draft.state.steps)) {
    if (step.status !== StepStatuses.RUNNING) continue;
    const node = draft.node(name);
    if (node.type !== 'wait' && node.type !== 'delay') continue;
    draft.disarm({ kind: node.type === 'wait' ? TimerKinds.waitTimeout : TimerKinds.delayElapsed, step: name, attempt: 1 });
    draft.updateStep(name, { status: StepStatuses.SKIPPED, finishedAt: draft.context.now });
    draft.record({ type: StepLogTypes.StepSkipped, step: name, data: { interrupted: true } });
  }
}
