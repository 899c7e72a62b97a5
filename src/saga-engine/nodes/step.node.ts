import type { DefinitionProblem } from '../definition/definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition/definition-problem.js';
import { isBoundedInteger } from '../definition/rules/saga-header.rule.js';
import type { RetryPolicy, StepDefinition } from '../definition/saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs, FlowNodeTypes, StepKinds } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import { IgnoreReasons } from '../ignore-reason.js';
import type { IgnoreReason } from '../ignore-reason.js';
import type { StepState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import type { TimerFired } from '../triggers/saga-trigger.js';
import { identifierSchema, retryPolicySchema } from './json-schema-parts.js';
import type { NodeKind } from './node-kind.js';

/** A participant's command (and compensation): attempts with timeouts and retries, compensated in reverse. */
export const stepNode: NodeKind<StepDefinition> = {
  type: FlowNodeTypes.step,
  label: { type: 'step', stored: 'participant steps (with their kind, timeout and retry policies filled in)', language: 'participant steps' },
  role: 'work',
  jsonSchema: {
    type: 'object',
    description: "A participant's command. `kind`: compensatable (default; needs `compensation`) → pivot (point of no return) → retriable.",
    additionalProperties: false,
    required: ['name', 'participant', 'command'],
    properties: {
      type: { const: 'step' },
      name: identifierSchema,
      participant: identifierSchema,
      command: identifierSchema,
      compensation: identifierSchema,
      kind: { enum: ['compensatable', 'pivot', 'retriable'] },
      timeoutMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxTimeoutMs },
      retry: retryPolicySchema,
      compensationRetry: retryPolicySchema,
      input: { $ref: '#/$defs/mapping', description: 'The command payload. Default: { input, outputs }.' },
    },
  },
  timerKinds: [TimerKinds.stepTimeout, TimerKinds.stepRetry, TimerKinds.compensationTimeout, TimerKinds.compensationRetry],
  fromJson: (node) =>
    ({
      ...node,
      type: FlowNodeTypes.step,
      kind: node['kind'] ?? StepKinds.compensatable,
      timeoutMs: node['timeoutMs'] ?? DefaultStepTimeoutMs,
      retry: { ...DefaultRetryPolicy, ...(node['retry'] as Partial<RetryPolicy> | undefined) },
      compensationRetry: { ...DefaultCompensationRetryPolicy, ...(node['compensationRetry'] as Partial<RetryPolicy> | undefined) },
    }) as unknown as StepDefinition,
  boundProblems(step, at) {
    const problems: DefinitionProblem[] = [];
    if (!isBoundedInteger(step.timeoutMs, 1, DefinitionLimits.maxTimeoutMs)) {
      problems.push({
        pointer: at('timeoutMs'),
        message: `The timeout must be an integer from 1 to ${DefinitionLimits.maxTimeoutMs} ms, got ${JSON.stringify(step.timeoutMs) ?? 'nothing'}.`,
      });
    }
    problems.push(...retryPolicyProblems(step.retry, at('retry')));
    problems.push(...retryPolicyProblems(step.compensationRetry, at('compensationRetry')));
    return problems;
  },
  start: (draft, node) => draft.engine.startStepAttempt(node, 1),
  onTimer(draft, node, timer) {
    const attempt = timer.attempt ?? 0;
    switch (timer.kind) {
      case TimerKinds.stepTimeout:
        draft.record({ type: StepLogTypes.StepTimedOut, step: node.name, attempt, data: { timeoutMs: node.timeoutMs } });
        draft.engine.handleStepProblem(node.name, { kind: 'timeout', code: 'step-timeout', message: `No reply within ${node.timeoutMs} ms.` });
        return;
      case TimerKinds.stepRetry:
        draft.engine.startStepAttempt(node, attempt + 1);
        return;
      case TimerKinds.compensationTimeout:
        draft.engine.handleCompensationProblem(node.name, {
          kind: 'timeout',
          code: 'compensation-timeout',
          message: `No compensation reply within ${node.timeoutMs} ms.`,
        });
        return;
      case TimerKinds.compensationRetry:
        draft.engine.startCompensationAttempt(node.name, attempt + 1);
    }
  },
  whyTimerIsStale(state, step, _node, timer) {
    switch (timer.kind) {
      case TimerKinds.stepTimeout:
        return whyStepTimeoutIsStale(step, timer);
      case TimerKinds.stepRetry:
        if (state.status !== SagaStatuses.RUNNING) return IgnoreReasons.sagaNotRunning;
        return step.status === StepStatuses.RUNNING && step.attempt === timer.attempt && step.nextAttemptAt !== undefined
          ? undefined
          : IgnoreReasons.timerOutdated;
      case TimerKinds.compensationTimeout:
        return step.status === StepStatuses.COMPENSATING &&
          step.compensation !== undefined &&
          step.compensation.attempt === timer.attempt &&
          step.compensation.nextAttemptAt === undefined
          ? undefined
          : IgnoreReasons.timerOutdated;
      case TimerKinds.compensationRetry:
        return step.status === StepStatuses.COMPENSATING &&
          step.compensation !== undefined &&
          step.compensation.attempt === timer.attempt &&
          step.compensation.nextAttemptAt !== undefined
          ? undefined
          : IgnoreReasons.timerOutdated;
      default:
        return IgnoreReasons.timerOutdated;
    }
  },
};

/** An attempt's timeout is due while that attempt runs and no retry is scheduled (steps and child nodes). */
export function whyStepTimeoutIsStale(step: StepState, timer: TimerFired): IgnoreReason | undefined {
  return step.status === StepStatuses.RUNNING && step.attempt === timer.attempt && step.nextAttemptAt === undefined
    ? undefined
    : IgnoreReasons.timerOutdated;
}

/** The bounds of one retry policy. */
export function retryPolicyProblems(policy: RetryPolicy | undefined, pointer: string): DefinitionProblem[] {
  if (policy === undefined || typeof policy !== 'object') return [{ pointer, message: 'A retry policy is required.' }];
  const problems: DefinitionProblem[] = [];
  const problem = (field: keyof RetryPolicy, rule: string) =>
    problems.push({ pointer: `${pointer}${pointerOf(field)}`, message: `${rule}, got ${JSON.stringify(policy[field]) ?? 'nothing'}.` });
  if (!isBoundedInteger(policy.maxAttempts, 1, DefinitionLimits.maxAttempts)) {
    problem('maxAttempts', `maxAttempts must be an integer from 1 to ${DefinitionLimits.maxAttempts}`);
  }
  if (!isBoundedInteger(policy.initialDelayMs, 0, DefinitionLimits.maxDelayMs)) {
    problem('initialDelayMs', `initialDelayMs must be an integer from 0 to ${DefinitionLimits.maxDelayMs}`);
  }
  if (!isBoundedInteger(policy.maxDelayMs, 0, DefinitionLimits.maxDelayMs)) {
    problem('maxDelayMs', `maxDelayMs must be an integer from 0 to ${DefinitionLimits.maxDelayMs}`);
  } else if (typeof policy.initialDelayMs === 'number' && policy.maxDelayMs < policy.initialDelayMs) {
    problem('maxDelayMs', `maxDelayMs must not be less than initialDelayMs (${policy.initialDelayMs})`);
  }
  const coefficient = policy.backoffCoefficient;
  if (typeof coefficient !== 'number' || !(coefficient >= 1 && coefficient <= DefinitionLimits.maxBackoffCoefficient)) {
    problem('backoffCoefficient', `backoffCoefficient must be a number from 1 to ${DefinitionLimits.maxBackoffCoefficient}`);
  }
  if (typeof policy.jitter !== 'number' || !(policy.jitter >= 0 && policy.jitter <= 1)) {
    problem('jitter', 'jitter must be a number from 0 to 1');
  }
  return problems;
}
