import type { BranchDefinition, FlowNode, ParallelDefinition } from '../definition/saga-definition.js';
import { DefinitionLimits } from '../definition/definition-problem.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { branchListProblems, depthProblems } from './branch-shapes.js';
import { branchSchema, identifierSchema } from './json-schema-parts.js';
import type { NodeKind } from './node-kind.js';
import { isList } from '../definition/is-list.util.js';

/** Fork/join: every branch starts together; the group is done when all are. */
export const parallelNode: NodeKind<ParallelDefinition> = {
  type: FlowNodeTypes.parallel,
  label: { type: 'parallel (fork/join)', stored: 'parallel groups', language: 'parallel groups' },
  role: 'branching',
  jsonSchema: {
    type: 'object',
    description: 'Fork/join: every branch starts together; the next node starts when all are done.',
    additionalProperties: false,
    required: ['type', 'name', 'branches'],
    properties: {
      type: { const: 'parallel' },
      name: identifierSchema,
      branches: { type: 'array', minItems: 2, maxItems: DefinitionLimits.maxBranches, items: branchSchema },
    },
  },
  logTypes: [StepLogTypes.BranchesForked, StepLogTypes.BranchesJoined],
  branches: (node) => (isList(node.branches) ? node.branches : []).map((branch, index) => ({ branch, path: ['branches', index] })),
  fromJson: (node, sequenceFromJson) =>
    ({
      ...node,
      branches: (node['branches'] as unknown[]).map((branch) => branchFromJson(branch, sequenceFromJson)),
    }) as unknown as ParallelDefinition,
  shapeProblems: (node, at, depth) => [
    ...depthProblems(node.name, depth, at()),
    ...branchListProblems(node.branches, 2, at('branches'), `Parallel group "${node.name}"`, true),
  ],
  progress(draft, node, pending) {
    if (pending) {
      draft.updateStep(node.name, { status: StepStatuses.RUNNING, startedAt: draft.context.now });
      draft.record({ type: StepLogTypes.BranchesForked, step: node.name, data: { branches: node.branches.map((branch) => branch.name) } });
    }
    // Every branch moves on, even when an earlier one is busy: they run together.
    const progress = node.branches.map((branch) => draft.engine.progressSequence(branch.steps));
    if (draft.state.status !== SagaStatuses.RUNNING || progress.includes('busy')) return 'busy';
    draft.updateStep(node.name, { status: StepStatuses.SUCCEEDED, finishedAt: draft.context.now });
    draft.record({ type: StepLogTypes.BranchesJoined, step: node.name, data: { branches: node.branches.map((branch) => branch.name) } });
    return 'done';
  },
};

/** A branch of a parallel group or choice read from JSON: its nested sequence gets its defaults too. */
export function branchFromJson(branch: unknown, sequenceFromJson: (steps: unknown) => FlowNode[]): BranchDefinition {
  const value = branch as Record<string, unknown>;
  return { ...value, steps: sequenceFromJson(value['steps']) } as unknown as BranchDefinition;
}
