import type { DefinitionProblem } from '../definition/definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition/definition-problem.js';
import { identifierMessage, isKebabIdentifier } from '../definition/rules/identifier-format.rule.js';
import type { BranchDefinition } from '../definition/saga-definition.js';
import { isList } from '../definition/is-list.util.js';

/** Shape rules the branching kinds share: nesting depth and branch lists. */
export function depthProblems(name: string, depth: number, pointer: string): DefinitionProblem[] {
  return depth >= DefinitionLimits.maxDepth
    ? [{ pointer, message: `"${name}" nests branches ${depth + 1} levels deep; at most ${DefinitionLimits.maxDepth} levels are allowed.` }]
    : [];
}

export function branchListProblems(
  branches: readonly BranchDefinition[] | undefined,
  min: number,
  pointer: string,
  what: string,
  needSteps: boolean,
): DefinitionProblem[] {
  if (!isList(branches) || branches.length < min || branches.length > DefinitionLimits.maxBranches) {
    return [
      { pointer, message: `${what} needs ${min} to ${DefinitionLimits.maxBranches} branches, got ${isList(branches) ? branches.length : 'none'}.` },
    ];
  }
  const seen = new Set<string>();
  return branches.flatMap((branch, index): DefinitionProblem[] => {
    const at = (...segments: (string | number)[]) => `${pointer}${pointerOf(index, ...segments)}`;
    if (branch === null || typeof branch !== 'object') return [{ pointer: at(), message: 'A branch must be an object with a name and steps.' }];
    const problems: DefinitionProblem[] = [];
    if (!isKebabIdentifier(branch.name)) problems.push({ pointer: at('name'), message: identifierMessage('The branch name', branch.name) });
    else if (seen.has(branch.name))
      problems.push({
        pointer: at('name'),
        message: `The branch name "${branch.name}" is already used in ${what.charAt(0).toLowerCase() + what.slice(1)}.`,
      });
    seen.add(branch.name);
    if (needSteps && (!isList(branch.steps) || branch.steps.length === 0)) {
      problems.push({ pointer: at('steps'), message: `Branch "${branch.name}" needs at least one step.` });
    }
    return problems;
  });
}
