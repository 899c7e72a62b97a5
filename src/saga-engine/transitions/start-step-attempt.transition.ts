import { CommandKinds } from '@saga-coordinator/contracts';
import { MAX_COMMAND_PAYLOAD_BYTES } from '@saga-coordinator/contracts';
import { evaluateMapping } from '../definition/expression.util.js';
import { jsonByteLengthWithin } from '../definition/json-size.util.js';
import { MappingResultTooLargeError } from '../errors/mapping-result-too-large.error.js';
import { type PayloadFailureCode, PayloadFailureCodes } from './payload-failure-code.js';
import { causalPredecessors } from '../definition/flow.util.js';
import type { Mapping, SagaDefinition, StepDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { SagaState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { failStep } from './finish-step.transition.js';
import { expressionData } from './saga-output.transition.js';
import { turnBack } from './turn-back.transition.js';

/**
 * Sends `attempt` of a step's execute command and arms its timeout. The payload is the step's
 * `input` mapping, or `{ input, outputs }`. A mapping that fails (it is deterministic, so a
 * retry could not help) fails the step as a business failure and the saga turns back.
 */
export function startStepAttempt(draft: DecisionDraft, step: StepDefinition, attempt: number): void {
  const payload = nodePayload(draft, step.name, step.input);
  if (!payload.ok) {
    const error = { kind: 'business' as const, code: payload.code, message: payload.message };
    draft.updateStep(step.name, { attempt, startedAt: draft.context.now });
    failStep(draft, step.name, error);
    if (draft.state.status === SagaStatuses.RUNNING) turnBack(draft, { step: step.name, reason: 'step-failed', error });
    return;
  }
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
    payload: payload.value,
    timeoutMs: step.timeoutMs,
  });
  draft.arm({ kind: TimerKinds.stepTimeout, step: step.name, attempt, dueInMs: step.timeoutMs });
}

/**
 * A step's command payload or a child's input: its mapping over what finished before it, or
 * `{ input, outputs }`; either way no larger than `MAX_COMMAND_PAYLOAD_BYTES` as JSON.
 */
export function nodePayload(
  draft: DecisionDraft,
  name: string,
  mapping: Mapping | undefined,
): { ok: true; value: unknown } | { ok: false; code: PayloadFailureCode; message: string } {
  const data = expressionData(draft, causalPredecessors(draft.definition).get(name) ?? new Set());
  if (mapping === undefined) {
    if (jsonByteLengthWithin(data, MAX_COMMAND_PAYLOAD_BYTES) !== undefined) return { ok: true, value: data };
    return {
      ok: false,
      code: PayloadFailureCodes.tooLarge,
      message: `The payload of step "${name}" ({ input, outputs }: it has no input mapping) would be larger than the ${MAX_COMMAND_PAYLOAD_BYTES}-byte limit of a command payload.`,
    };
  }
  try {
    return { ok: true, value: evaluateMapping(mapping, data) };
  } catch (error) {
    const tooLarge = error instanceof MappingResultTooLargeError;
    return {
      ok: false,
      code: tooLarge ? PayloadFailureCodes.tooLarge : PayloadFailureCodes.mappingFailed,
      message: `The input mapping of step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The outputs of the succeeded nodes that finish before `stepName`, by name: what a step receives. */
export function earlierOutputs(definition: SagaDefinition, state: SagaState, stepName: string): Record<string, unknown> {
  const before = causalPredecessors(definition).get(stepName) ?? new Set<string>();
  const outputs: Record<string, unknown> = {};
  for (const name of before) {
    const stepState = state.steps[name];
    if (stepState?.status === StepStatuses.SUCCEEDED && stepState.output !== undefined) outputs[name] = stepState.output;
  }
  return outputs;
}
