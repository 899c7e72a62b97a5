/*
 * Runs in the browser as well as in Node: compiled by `nest build` to dist/src/ui/lib and served
 * at /ui/lib/. Pure: no DOM, no imports at run time (type imports are erased).
 */
import type { FlowNode, StepDefinition } from '../../saga-engine/definition/saga-definition.js';

/**
 * The participant steps of a flow (a stored definition's `steps`), depth-first in definition
 * order: each branch of a parallel group in turn, a choice's branches before its `otherwise`.
 * Waits, delays and child sagas are not participant steps.
 */
export function participantStepsOf(nodes: readonly FlowNode[]): StepDefinition[] {
  return nodes.flatMap((node): StepDefinition[] => {
    if (node.type === 'step') return [node];
    if (node.type === 'parallel') return node.branches.flatMap((branch) => participantStepsOf(branch.steps));
    if (node.type === 'choice')
      return [...node.choices, ...(node.otherwise ? [node.otherwise] : [])].flatMap((branch) => participantStepsOf(branch.steps));
    return [];
  });
}
