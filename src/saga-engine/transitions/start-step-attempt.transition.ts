import { CommandKinds } from '../../contracts/step-command.message.js';
import type { SagaDefinition, StepDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { SagaState } from '../state/saga-state.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';

/** Sends `attempt` of a step's execute command and arms its timeout. */
export function startStepAttempt(draft: DecisionDraft, step: StepDefinition, attempt: number): void {
  const payload = { input: draft.state.input, outputs: earlierOutputs(draft.definition, draft.state, step.name) };
  draft.updateStep(step.name, {
    status: StepStatuses.RUNNING,
    attempt,
    startedAt: draft.step(step.name).startedAt ?? draft.context.now,
    nextAttemptAt: undefined,
  });
  draft.record({ type: StepLogTypes.StepStarted, step: step.name, attempt });
  draft.send({
    step: step.name,
    participant: step.participant,
    command: step.command,
    kind: CommandKinds.execute,
    attempt,
    payload,
    timeoutMs: step.timeoutMs,
  });
  draft.arm({ kind: TimerKinds.stepTimeout, step: step.name, attempt, dueInMs: step.timeoutMs });
}

/** The outputs of the succeeded steps before `stepName`, by step name: what a step receives. */
export function earlierOutputs(definition: SagaDefinition, state: SagaState, stepName: string): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const step of definition.steps) {
    if (step.name === stepName) break;
    const stepState = state.steps[step.name];
    if (stepState?.status === StepStatuses.SUCCEEDED) outputs[step.name] = stepState.output ?? null;
  }
  return outputs;
}
