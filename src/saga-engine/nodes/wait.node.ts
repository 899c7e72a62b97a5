import { DefinitionLimits } from '../definition/definition-problem.js';
import type { DefinitionProblem } from '../definition/definition-problem.js';
import { identifierMessage, isKebabIdentifier } from '../definition/rules/identifier-format.rule.js';
import { isBoundedInteger } from '../definition/rules/saga-header.rule.js';
import type { WaitDefinition } from '../definition/saga-definition.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { identifierSchema } from './json-schema-parts.js';
import type { NodeKind } from './node-kind.js';
import { interruptTimedNode, whyTimedNodeTimerIsStale } from './timed-node.js';

/**
 * Suspends on a signal (`POST /v1/sagas/{id}/signals/{signal}`, handled by the signal handler):
 * the state says so and a durable timer bounds it; nothing stays in memory.
 */
export const waitNode: NodeKind<WaitDefinition> = {
  type: FlowNodeTypes.wait,
  label: { type: 'wait (for a signal)', stored: 'waits', language: 'waits for a signal' },
  role: 'leaf',
  jsonSchema: {
    type: 'object',
    description:
      'Suspends until POST /v1/sagas/{id}/signals/{signal}; the payload becomes its output. No signal by timeoutMs: it fails and the saga compensates.',
    additionalProperties: false,
    required: ['type', 'name', 'signal', 'timeoutMs'],
    properties: {
      type: { const: 'wait' },
      name: identifierSchema,
      signal: identifierSchema,
      timeoutMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxWaitMs },
    },
  },
  logTypes: [StepLogTypes.WaitStarted, StepLogTypes.SignalReceived, StepLogTypes.WaitTimedOut],
  timerKinds: [TimerKinds.waitTimeout],
  shapeProblems(node, at) {
    const problems: DefinitionProblem[] = [];
    if (!isKebabIdentifier(node.signal)) problems.push({ pointer: at('signal'), message: identifierMessage('The signal name', node.signal) });
    if (!isBoundedInteger(node.timeoutMs, 1, DefinitionLimits.maxWaitMs)) {
      problems.push({
        pointer: at('timeoutMs'),
        message: `The wait timeout must be an integer from 1 to ${DefinitionLimits.maxWaitMs} ms, got ${JSON.stringify(node.timeoutMs) ?? 'nothing'}.`,
      });
    }
    return problems;
  },
  afterPointOfNoReturn: (node, after) =>
    `Wait "${node.name}" comes after ${after}: a wait can time out and fail, and a saga past its point of no return cannot turn back.`,
  start(draft, node) {
    draft.updateStep(node.name, { status: StepStatuses.RUNNING, attempt: 1, startedAt: draft.context.now });
    draft.record({
      type: StepLogTypes.WaitStarted,
      step: node.name,
      data: { signal: node.signal, timeoutMs: node.timeoutMs, until: draft.at(node.timeoutMs) },
    });
    draft.arm({ kind: TimerKinds.waitTimeout, step: node.name, attempt: 1, dueInMs: node.timeoutMs });
  },
  /** No signal in time: the wait fails (it did nothing to undo) and the saga turns back. */
  onTimer(draft, node) {
    const error = { kind: 'timeout' as const, code: 'wait-timeout', message: `No signal within ${node.timeoutMs} ms.` };
    draft.updateStep(node.name, { status: StepStatuses.FAILED, lastError: error, finishedAt: draft.context.now });
    draft.record({ type: StepLogTypes.WaitTimedOut, step: node.name, data: { signal: node.signal, timeoutMs: node.timeoutMs } });
    draft.engine.turnBack({ step: node.name, reason: 'step-failed', error });
  },
  whyTimerIsStale: (state, step, _node, timer) => whyTimedNodeTimerIsStale(TimerKinds.waitTimeout, state, step, timer),
  onTurnBack: (draft, node) => interruptTimedNode(draft, node.name, TimerKinds.waitTimeout),
};
