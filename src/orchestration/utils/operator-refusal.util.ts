import { walkFlow } from '../../saga-engine/definition/flow.util.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { FlowNodeTypes, StepKinds } from '../../saga-engine/definition/saga-definition.js';
import { SagaEngineError } from '../../saga-engine/errors/saga-engine.error.js';
import { SagaEngineErrorCodes } from '../../saga-engine/errors/saga-engine-error-code.js';
import { canCancel } from '../../saga-engine/rules/can-cancel.rule.js';
import { canResolveStep } from '../../saga-engine/rules/can-resolve-step.rule.js';
import { canRetry } from '../../saga-engine/rules/can-retry.rule.js';
import { isPastPointOfNoReturn } from '../../saga-engine/rules/is-past-point-of-no-return.rule.js';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import { SagaStatuses } from '../../saga-engine/state/saga-status.js';
import { StepStatuses } from '../../saga-engine/state/step-status.js';
import { SagaNotCancellableError } from '../errors/saga-not-cancellable.error.js';
import { SagaNotRetriableError } from '../errors/saga-not-retriable.error.js';
import { StepNotFoundError } from '../errors/step-not-found.error.js';
import { StepNotResolvableError } from '../errors/step-not-resolvable.error.js';

/*
 * Operator actions are checked with the engine's own predicates under the saga row lock, before
 * `decide` runs, so that the refusal carries the saga id and a precise sentence. The engine
 * would refuse the same triggers; `operatorErrorFromEngine` covers that path too.
 */

/** The pivot (or first retriable) step that has started: why a running saga can no longer turn back. */
function startedPointOfNoReturn(definition: SagaDefinition, state: SagaState): string | undefined {
  if (state.status !== SagaStatuses.RUNNING || !isPastPointOfNoReturn(definition, state)) return undefined;
  return walkFlow(definition).find(({ node }) => {
    const status = state.steps[node.name]?.status;
    return (
      node.type === FlowNodeTypes.step &&
      node.kind !== StepKinds.compensatable &&
      status !== undefined &&
      status !== StepStatuses.PENDING &&
      status !== StepStatuses.SKIPPED
    );
  })?.node.name;
}

/** Why cancel is refused (finished saga, or past the point of no return), or undefined when it is accepted. */
export function cancelRefusal(sagaId: string, definition: SagaDefinition, state: SagaState): SagaNotCancellableError | undefined {
  if (canCancel(definition, state)) return undefined;
  return new SagaNotCancellableError(sagaId, state.status, startedPointOfNoReturn(definition, state));
}

/** Why an operator retry is refused (the saga is not COMPENSATION_FAILED), or undefined. */
export function retryRefusal(sagaId: string, state: SagaState): SagaNotRetriableError | undefined {
  return canRetry(state) ? undefined : new SagaNotRetriableError(sagaId, state.status);
}

/** Why resolving `step` by hand is refused (unknown step: 404; not COMPENSATION_FAILED: 409), or undefined. */
export function resolveRefusal(
  sagaId: string,
  definition: SagaDefinition,
  state: SagaState,
  step: string,
): StepNotFoundError | StepNotResolvableError | undefined {
  const stepState = state.steps[step];
  if (stepState === undefined || !walkFlow(definition).some(({ node }) => node.name === step)) return new StepNotFoundError(sagaId, step);
  return canResolveStep(state, step) ? undefined : new StepNotResolvableError(sagaId, step, stepState.status);
}

/**
 * The application error for an engine refusal of an operator trigger; anything else (a bug) is
 * returned unchanged.
 */
export function operatorErrorFromEngine(error: unknown, sagaId: string, definition: SagaDefinition, state: SagaState, step?: string): unknown {
  if (!(error instanceof SagaEngineError)) return error;
  switch (error.code) {
    case SagaEngineErrorCodes.sagaNotCancellable:
      return new SagaNotCancellableError(sagaId, state.status, startedPointOfNoReturn(definition, state));
    case SagaEngineErrorCodes.sagaNotRetriable:
      return new SagaNotRetriableError(sagaId, state.status);
    case SagaEngineErrorCodes.stepNotResolvable:
      return step === undefined ? error : (resolveRefusal(sagaId, definition, state, step) ?? error);
    default:
      return error;
  }
}
