import type { DefinitionProblem } from '../definition/definition-problem.js';
import { DefinitionLimits } from '../definition/definition-problem.js';
import { identifierMessage, isKebabIdentifier } from '../definition/rules/identifier-format.rule.js';
import { isBoundedInteger } from '../definition/rules/saga-header.rule.js';
import type { ChildDefinition } from '../definition/saga-definition.js';
import { FlowNodeTypes, StepKinds } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import { IgnoreReasons } from '../ignore-reason.js';
import { StepLogTypes } from '../step-log-type.js';
import { identifierSchema } from './json-schema-parts.js';
import type { NodeKind } from './node-kind.js';
import { whyStepTimeoutIsStale } from './step.node.js';

/**
 * Another registered definition started as a child saga; its outcome is this node's. Its
 * messages (start, outcome, undo) are the runtime's: see `handlers/child-saga.handler.ts`.
 */
export const childNode: NodeKind<ChildDefinition> = {
  type: FlowNodeTypes.child,
  label: { type: 'child (a child saga)', stored: 'child sagas', language: 'child sagas' },
  role: 'work',
  jsonSchema: {
    type: 'object',
    description:
      "Starts another registered definition as a child saga and waits for its outcome: COMPLETED is success (its output is this node's), COMPENSATED is failure (the child undid itself). Compensating the parent compensates a completed child. `kind` compensatable (default) needs a child definition without pivot or retriable steps; pivot is allowed; retriable is refused (a child saga can fail).",
    additionalProperties: false,
    required: ['type', 'name', 'definition'],
    properties: {
      type: { const: 'child' },
      name: identifierSchema,
      definition: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { ...identifierSchema, description: 'A registered definition (not this one, directly or through its children).' },
          version: { type: 'integer', minimum: 1, description: 'Pinned version; absent: the latest when the child starts.' },
        },
      },
      kind: { enum: ['compensatable', 'pivot', 'retriable'] },
      input: { $ref: '#/$defs/mapping', description: "The child saga's input. Default: { input, outputs }." },
      timeoutMs: {
        type: 'integer',
        minimum: 1,
        maximum: DefinitionLimits.maxWaitMs,
        description: 'Compensatable children only: no outcome by then and the child is cancelled and compensated, and the parent turns back.',
      },
    },
  },
  logTypes: [
    StepLogTypes.ChildSagaStarted,
    StepLogTypes.ChildSagaCompleted,
    StepLogTypes.ChildSagaFailed,
    StepLogTypes.ChildSagaCompensated,
    StepLogTypes.ParentCompensationRequested,
  ],
  fromJson: (node) => ({ ...node, kind: node['kind'] ?? StepKinds.compensatable }) as unknown as ChildDefinition,
  shapeProblems: (node, at) => childShapeProblems(node, at),
  start: (draft, node) => draft.engine.startChildSaga(node),
  onTimer: (draft, node) => draft.engine.onChildTimedOut(node.name, node.timeoutMs ?? 0),
  // A child node's only timer is its step timeout.
  whyTimerIsStale: (_state, step, _node, timer) =>
    timer.kind === TimerKinds.stepTimeout ? whyStepTimeoutIsStale(step, timer) : IgnoreReasons.timerOutdated,
};

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
  if (!isKebabIdentifier(ref.name))
    problems.push({ pointer: at('definition', 'name'), message: identifierMessage('The child definition name', ref.name) });
  if (ref.version !== undefined && !isBoundedInteger(ref.version, 1, Number.MAX_SAFE_INTEGER)) {
    problems.push({
      pointer: at('definition', 'version'),
      message: `The child definition version must be a positive integer, got ${JSON.stringify(ref.version)}.`,
    });
  }
  if (node.kind === StepKinds.retriable) {
    problems.push({
      pointer: at('kind'),
      message: `Child step "${node.name}" cannot be retriable: a child saga can fail (it then compensates itself), and nothing after the point of no return may fail. Make it compensatable, or the pivot.`,
    });
  }
  if (node.timeoutMs !== undefined) {
    if (!isBoundedInteger(node.timeoutMs, 1, DefinitionLimits.maxWaitMs)) {
      problems.push({
        pointer: at('timeoutMs'),
        message: `The child timeout must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.timeoutMs)}.`,
      });
    } else if (node.kind === StepKinds.pivot) {
      problems.push({
        pointer: at('timeoutMs'),
        message: `Child step "${node.name}" is a pivot, so it cannot time out: a child past the point of no return could not be cancelled and undone.`,
      });
    }
  }
  return problems;
}
