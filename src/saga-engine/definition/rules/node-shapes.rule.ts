import type { BranchDefinition, ChildDefinition, SagaDefinition } from '../saga-definition.js';
import { FlowNodeTypes, StepKinds } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition-problem.js';
import { walkFlow } from '../flow.util.js';
import { identifierMessage, isKebabIdentifier } from './identifier-format.rule.js';
import { isBoundedInteger } from './saga-header.rule.js';
import { isList } from '../is-list.util.js';

const types: readonly string[] = Object.values(FlowNodeTypes);

/**
 * Each node has a known type and a bounded shape: nesting at most `maxDepth` deep, 2 to
 * `maxBranches` parallel branches (each with steps), 1 to `maxBranches` choices plus an
 * `otherwise` branch, branch names unique in their node, waits and delays with bounded times.
 */
export function nodeShapeProblems(definition: SagaDefinition): DefinitionProblem[] {
  return walkFlow(definition).flatMap(({ node, path, depth }): DefinitionProblem[] => {
    const at = (...segments: (string | number)[]) => pointerOf(...path, ...segments);
    if (!types.includes(node.type)) {
      return [{ pointer: at('type'), message: `The node type must be one of ${types.join(', ')}, got ${JSON.stringify(node.type) ?? 'nothing'}.` }];
    }
    switch (node.type) {
      case FlowNodeTypes.parallel:
        return [
          ...depthProblems(node.name, depth, at()),
          ...branchListProblems(node.branches, 2, at('branches'), `Parallel group "${node.name}"`, true),
        ];
      case FlowNodeTypes.choice: {
        const problems = [
          ...depthProblems(node.name, depth, at()),
          ...branchListProblems(node.choices, 1, at('choices'), `Choice "${node.name}"`, true),
        ];
        if (node.otherwise === null || typeof node.otherwise !== 'object' || !isList(node.otherwise.steps)) {
          problems.push({ pointer: at('otherwise'), message: `Choice "${node.name}" needs an otherwise branch (its steps may be empty).` });
        } else if ((node.choices ?? []).some((choice) => choice?.name === node.otherwise.name)) {
          problems.push({ pointer: at('otherwise', 'name'), message: `The branch name "${node.otherwise.name}" is already used in choice "${node.name}".` });
        } else if (!isKebabIdentifier(node.otherwise.name)) {
          problems.push({ pointer: at('otherwise', 'name'), message: identifierMessage('The branch name', node.otherwise.name) });
        }
        return problems;
      }
      case FlowNodeTypes.wait: {
        const problems: DefinitionProblem[] = [];
        if (!isKebabIdentifier(node.signal)) problems.push({ pointer: at('signal'), message: identifierMessage('The signal name', node.signal) });
        if (!isBoundedInteger(node.timeoutMs, 1, DefinitionLimits.maxWaitMs)) {
          problems.push({ pointer: at('timeoutMs'), message: `The wait timeout must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.timeoutMs) ?? 'nothing'}.` });
        }
        return problems;
      }
      case FlowNodeTypes.child:
        return childShapeProblems(node, at);
      case FlowNodeTypes.delay:
        return isBoundedInteger(node.delayMs, 1, DefinitionLimits.maxWaitMs)
          ? []
          : [{ pointer: at('delayMs'), message: `The delay must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.delayMs) ?? 'nothing'}.` }];
      default:
        return [];
    }
  });
}

/**
 * A child names a definition (and maybe a version); it is never retriable (a child saga can
 * fail, and nothing after the point of no return may); only a compensatable child may time out
 * (a pivot child cannot be abandoned).
 */
function childShapeProblems(node: ChildDefinition, at: (...segments: (string | number)[]) => string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const ref = node.definition as ChildDefinition['definition'] | undefined;
  if (ref === null || typeof ref !== 'object') {
    return [{ pointer: at('definition'), message: `Child step "${node.name}" needs the definition it starts ({ "name": …, "version"?: … }).` }];
  }
  if (!isKebabIdentifier(ref.name)) problems.push({ pointer: at('definition', 'name'), message: identifierMessage('The child definition name', ref.name) });
  if (ref.version !== undefined && !isBoundedInteger(ref.version, 1, Number.MAX_SAFE_INTEGER)) {
    problems.push({ pointer: at('definition', 'version'), message: `The child definition version must be a positive integer, got ${JSON.stringify(ref.version)}.` });
  }
  if (node.kind === StepKinds.retriable) {
    problems.push({ pointer: at('kind'), message: `Child step "${node.name}" cannot be retriable: a child saga can fail (it then compensates itself), and nothing after the point of no return may fail. Make it compensatable, or the pivot.` });
  }
  if (node.timeoutMs !== undefined) {
    if (!isBoundedInteger(node.timeoutMs, 1, DefinitionLimits.maxWaitMs)) {
      problems.push({ pointer: at('timeoutMs'), message: `The child timeout must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.timeoutMs)}.` });
    } else if (node.kind === StepKinds.pivot) {
      problems.push({ pointer: at('timeoutMs'), message: `Child step "${node.name}" is a pivot, so it cannot time out: a child past the point of no return could not be cancelled and undone.` });
    }
  }
  return problems;
}

function depthProblems(name: string, depth: number, pointer: string): DefinitionProblem[] {
  return depth >= DefinitionLimits.maxDepth
    ? [{ pointer, message: `"${name}" nests branches ${depth + 1} levels deep; at most ${DefinitionLimits.maxDepth} levels are allowed.` }]
    : [];
}

function branchListProblems(
  branches: readonly BranchDefinition[] | undefined,
  min: number,
  pointer: string,
  what: string,
  needSteps: boolean,
): DefinitionProblem[] {
  if (!isList(branches) || branches.length < min || branches.length > DefinitionLimits.maxBranches) {
    return [{ pointer, message: `${what} needs ${min} to ${DefinitionLimits.maxBranches} branches, got ${isList(branches) ? branches.length : 'none'}.` }];
  }
  const seen = new Set<string>();
  return branches.flatMap((branch, index): DefinitionProblem[] => {
    const at = (...segments: (string | number)[]) => `${pointer}${pointerOf(index, ...segments)}`;
    if (branch === null || typeof branch !== 'object') return [{ pointer: at(), message: 'A branch must be an object with a name and steps.' }];
    const problems: DefinitionProblem[] = [];
    if (!isKebabIdentifier(branch.name)) problems.push({ pointer: at('name'), message: identifierMessage('The branch name', branch.name) });
    else if (seen.has(branch.name)) problems.push({ pointer: at('name'), message: `The branch name "${branch.name}" is already used in ${what.toLowerCase().startsWith('choice') ? what.charAt(0).toLowerCase() + what.slice(1) : what.charAt(0).toLowerCase() + what.slice(1)}.` });
    seen.add(branch.name);
    if (needSteps && (!isList(branch.steps) || branch.steps.length === 0)) {
      problems.push({ pointer: at('steps'), message: `Branch "${branch.name}" needs at least one step.` });
    }
    return problems;
  });
}
