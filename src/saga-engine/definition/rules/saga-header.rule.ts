import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition-problem.js';
import { identifierMessage, isKebabIdentifier } from './identifier-format.rule.js';

/** Name kebab-case, version a positive integer, deadline and retention (if any) bounded integers. */
export function sagaHeaderProblems(definition: SagaDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (!isKebabIdentifier(definition.name)) {
    problems.push({ pointer: pointerOf('name'), message: identifierMessage('The saga name', definition.name) });
  }
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    problems.push({
      pointer: pointerOf('version'),
      message: `The version must be a positive integer, got ${JSON.stringify(definition.version) ?? 'nothing'}.`,
    });
  }
  const deadline = definition.deadlineMs;
  if (deadline !== undefined && !isBoundedInteger(deadline, 1, DefinitionLimits.maxDeadlineMs)) {
    problems.push({
      pointer: pointerOf('deadlineMs'),
      message: `The saga deadline must be an integer from 1 to ${DefinitionLimits.maxDeadlineMs} ms, got ${JSON.stringify(deadline)}.`,
    });
  }
  const retention = definition.retentionMs;
  const { minRetentionMs, maxRetentionMs } = DefinitionLimits;
  if (retention !== undefined && !isBoundedInteger(retention, minRetentionMs, maxRetentionMs)) {
    problems.push({
      pointer: pointerOf('retentionMs'),
      message: `The retention must be an integer from ${minRetentionMs} to ${maxRetentionMs} ms, got ${JSON.stringify(retention)}.`,
    });
  }
  return problems;
}

/** True for an integer within [min, max]. */
export function isBoundedInteger(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
