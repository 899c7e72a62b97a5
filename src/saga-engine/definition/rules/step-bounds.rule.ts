import type { RetryPolicy, SagaDefinition } from '../saga-definition.js';
import { FlowNodeTypes } from '../saga-definition.js';
import { walkFlow } from '../flow.util.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition-problem.js';
import { isBoundedInteger } from './saga-header.rule.js';

/** Timeouts and retry policies are positive and bounded, so no saga waits or retries forever by mistake. */
export function stepBoundProblems(definition: SagaDefinition): DefinitionProblem[] {
  return walkFlow(definition).flatMap(({ node: step, path }) => {
    if (step.type !== FlowNodeTypes.step) return [];
    const problems: DefinitionProblem[] = [];
    if (!isBoundedInteger(step.timeoutMs, 1, DefinitionLimits.maxTimeoutMs)) {
      problems.push({
        pointer: pointerOf(...path, 'timeoutMs'),
        message: `The timeout must be an integer from 1 to ${DefinitionLimits.maxTimeoutMs} ms, got ${JSON.stringify(step.timeoutMs) ?? 'nothing'}.`,
      });
    }
    problems.push(...retryPolicyProblems(step.retry, [...path, 'retry']));
    problems.push(...retryPolicyProblems(step.compensationRetry, [...path, 'compensationRetry']));
    return problems;
  });
}

/** The bounds of one retry policy. */
export function retryPolicyProblems(policy: RetryPolicy | undefined, at: readonly (string | number)[]): DefinitionProblem[] {
  if (policy === undefined || typeof policy !== 'object') return [{ pointer: pointerOf(...at), message: 'A retry policy is required.' }];
  const problems: DefinitionProblem[] = [];
  const problem = (field: keyof RetryPolicy, rule: string) =>
    problems.push({ pointer: pointerOf(...at, field), message: `${rule}, got ${JSON.stringify(policy[field]) ?? 'nothing'}.` });
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
