import { DefinitionLimits } from '../definition/definition-problem.js';
import { isBoundedInteger } from '../definition/rules/saga-header.rule.js';
import type { TimerKind } from '../decision.js';
import { identifierSchema } from '../nodes/json-schema-parts.js';
import type { NodeKind } from '../nodes/node-kind.js';
import { interruptTimedNode, whyTimedNodeTimerIsStale } from '../nodes/timed-node.js';
import { StepStatuses } from '../state/step-status.js';
import type { StepLogType } from '../step-log-type.js';

/**
 * A toy node kind that exists only in tests: it proves that a timer-driven kind is one module
 * registered with `registerNodeKind` (a shipped kind is one more line of `BuiltInNodeKinds`),
 * with nothing else of the engine edited. A pause waits `pauseMs`, then succeeds with
 * `{ pausedMs }`; the saga turning back cuts it short.
 */
export interface PauseDefinition {
  readonly type: 'pause';
  readonly name: string;
  readonly pauseMs: number;
}

/** Its own timer kind and log types (a shipped kind lists them in `TimerKinds` and `StepLogTypes`). */
export const PauseTimerKind = 'pause-over' as TimerKind;
export const PauseLogTypes = { PauseStarted: 'PauseStarted' as StepLogType, PauseOver: 'PauseOver' as StepLogType };

export const pauseNode: NodeKind<PauseDefinition> = {
  type: 'pause',
  label: { type: 'pause', stored: 'pauses', language: 'pauses' },
  role: 'leaf',
  jsonSchema: {
    type: 'object',
    description: 'A toy pause (tests only).',
    additionalProperties: false,
    required: ['type', 'name'],
    properties: { type: { const: 'pause' }, name: identifierSchema, pauseMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxWaitMs } },
  },
  logTypes: [PauseLogTypes.PauseStarted, PauseLogTypes.PauseOver],
  timerKinds: [PauseTimerKind],
  fromJson: (node) => ({ ...node, pauseMs: node['pauseMs'] ?? 1_000 }) as unknown as PauseDefinition,
  shapeProblems: (node, at) =>
    isBoundedInteger(node.pauseMs, 1, DefinitionLimits.maxWaitMs)
      ? []
      : [
          {
            pointer: at('pauseMs'),
            message: `The pause must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.pauseMs) ?? 'nothing'}.`,
          },
        ],
  start(draft, node) {
    draft.updateStep(node.name, { status: StepStatuses.RUNNING, attempt: 1, startedAt: draft.context.now });
    draft.record({ type: PauseLogTypes.PauseStarted, step: node.name, data: { pauseMs: node.pauseMs } });
    draft.arm({ kind: PauseTimerKind, step: node.name, attempt: 1, dueInMs: node.pauseMs });
  },
  onTimer(draft, node) {
    draft.updateStep(node.name, { status: StepStatuses.SUCCEEDED, output: { pausedMs: node.pauseMs }, finishedAt: draft.context.now });
    draft.record({ type: PauseLogTypes.PauseOver, step: node.name });
    draft.engine.advance();
  },
  whyTimerIsStale: (state, step, _node, timer) => whyTimedNodeTimerIsStale(PauseTimerKind, state, step, timer),
  onTurnBack: (draft, node) => interruptTimedNode(draft, node.name, PauseTimerKind),
};
