import type { ChoiceDefinition } from '../definition/saga-definition.js';
import { DefinitionLimits } from '../definition/definition-problem.js';
import { identifierMessage, isKebabIdentifier } from '../definition/rules/identifier-format.rule.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { branchListProblems, depthProblems } from './branch-shapes.js';
import { branchSchema, identifierSchema } from './json-schema-parts.js';
import type { NodeKind } from './node-kind.js';
import { branchFromJson } from './parallel.node.js';
import { isList } from '../definition/is-list.util.js';

/** Runs exactly one branch: the first whose condition holds, else `otherwise`. */
export const choiceNode: NodeKind<ChoiceDefinition> = {
  type: FlowNodeTypes.choice,
  label: { type: 'choice', stored: 'choices', language: 'choices' },
  role: 'branching',
  jsonSchema: {
    type: 'object',
    description: 'Runs the first branch whose `when` holds, else `otherwise`.',
    additionalProperties: false,
    required: ['type', 'name', 'choices'],
    properties: {
      type: { const: 'choice' },
      name: identifierSchema,
      choices: {
        type: 'array',
        minItems: 1,
        maxItems: DefinitionLimits.maxBranches,
        items: {
          ...branchSchema,
          required: ['name', 'when', 'steps'],
          properties: { ...branchSchema.properties, when: { $ref: '#/$defs/expression' } },
        },
      },
      otherwise: branchSchema,
    },
  },
  logTypes: [StepLogTypes.ChoiceMade, StepLogTypes.ChoiceCompleted],
  branches(node) {
    const choices = (isList(node.choices) ? node.choices : []).map((branch, index) => ({ branch, path: ['choices', index] as const }));
    return node.otherwise !== undefined ? [...choices, { branch: node.otherwise, path: ['otherwise'] }] : choices;
  },
  fromJson: (node, sequenceFromJson) =>
    ({
      ...node,
      choices: (node['choices'] as unknown[]).map((branch) => branchFromJson(branch, sequenceFromJson)),
      otherwise: node['otherwise'] === undefined ? { name: 'otherwise', steps: [] } : branchFromJson(node['otherwise'], sequenceFromJson),
    }) as unknown as ChoiceDefinition,
  shapeProblems(node, at, depth) {
    const problems = [...depthProblems(node.name, depth, at()), ...branchListProblems(node.choices, 1, at('choices'), `Choice "${node.name}"`, true)];
    if (node.otherwise === null || typeof node.otherwise !== 'object' || !isList(node.otherwise.steps)) {
      problems.push({ pointer: at('otherwise'), message: `Choice "${node.name}" needs an otherwise branch (its steps may be empty).` });
    } else if ((node.choices ?? []).some((choice) => choice?.name === node.otherwise.name)) {
      problems.push({
        pointer: at('otherwise', 'name'),
        message: `The branch name "${node.otherwise.name}" is already used in choice "${node.name}".`,
      });
    } else if (!isKebabIdentifier(node.otherwise.name)) {
      problems.push({ pointer: at('otherwise', 'name'), message: identifierMessage('The branch name', node.otherwise.name) });
    }
    return problems;
  },
  progress(draft, node, pending) {
    if (pending) draft.engine.chooseBranch(node);
    const chosen = draft.step(node.name).branch;
    const branch = [...node.choices, node.otherwise].find((candidate) => candidate.name === chosen) ?? node.otherwise;
    if (draft.engine.progressSequence(branch.steps) === 'busy' || draft.state.status !== SagaStatuses.RUNNING) return 'busy';
    draft.updateStep(node.name, { status: StepStatuses.SUCCEEDED, finishedAt: draft.context.now });
    draft.record({ type: StepLogTypes.ChoiceCompleted, step: node.name, data: { branch: branch.name } });
    return 'done';
  },
};
