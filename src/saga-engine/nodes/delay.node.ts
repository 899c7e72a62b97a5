import { DefinitionLimits } from '../definition/definition-problem.js';
import { isBoundedInteger } from '../definition/rules/saga-header.rule.js';
import type { DelayDefinition } from '../definition/saga-definition.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { identifierSchema } from './json-schema-parts.js';
import type { NodeKind } from './node-kind.js';
import { interruptTimedNode, whyTimedNodeTimerIsStale } from './timed-node.js';

/** A durable pause: a timer row, nothing in memory. */
export const delayNode: NodeKind<DelayDefinition> = {
  type: FlowNodeTypes.delay,
  label: { type: 'delay', stored: 'delays', language: 'delays' },
  role: 'leaf',
  jsonSchema: {
    type: 'object',
    description: 'A durable pause.',
    additionalProperties: false,
    required: ['type', 'name', 'delayMs'],
    properties: { type: { const: 'delay' }, name: identifierSchema, delayMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxWaitMs } },
  },
  logTypes: [StepLogTypes.DelayStarted, StepLogTypes.DelayElapsed],
  timerKinds: [TimerKinds.delayElapsed],
  shapeProblems: (node, at) =>
    isBoundedInteger(node.delayMs, 1, DefinitionLimits.maxWaitMs)
      ? []
      : [
          {
            pointer: at('delayMs'),
            message: `The delay must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.delayMs) ?? 'nothing'}.`,
          },
        ],
  start(draft, node) {
    draft.updateStep(node.name, { status: StepStatuses.RUNNING, attempt: 1, startedAt: draft.context.now });
    draft.record({ type: StepLogTypes.DelayStarted, step: node.name, data: { delayMs: node.delayMs, until: draft.at(node.delayMs) } });
    draft.arm({ kind: TimerKinds.delayElapsed, step: node.name, attempt: 1, dueInMs: node.delayMs });
  },
  onTimer(draft, node) {
    draft.updateStep(node.name, { status: StepStatuses.SUCCEEDED, output: null, finishedAt: draft.context.now });
    draft.record({ type: StepLogTypes.DelayElapsed, step: node.name });
    draft.engine.advance();
  },
  whyTimerIsStale: (state, step, _node, timer) => whyTimedNodeTimerIsStale(TimerKinds.delayElapsed, state, step, timer),
  onTurnBack: (draft, node) => interruptTimedNode(draft, node.name, TimerKinds.delayElapsed),
};
