import type { SagaDefinition } from '../saga-definition.js';
import { walkFlow } from '../flow.util.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { findNodeKind } from '../../nodes/node-kinds.js';

/** Timeouts and retry policies are positive and bounded, so no saga waits or retries forever by mistake (each kind's `boundProblems`). */
export function stepBoundProblems(definition: SagaDefinition): DefinitionProblem[] {
  return walkFlow(definition).flatMap(
    ({ node, path }) => findNodeKind(node.type)?.boundProblems?.(node, (...segments) => pointerOf(...path, ...segments)) ?? [],
  );
}
