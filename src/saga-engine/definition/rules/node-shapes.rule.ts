import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { walkFlow } from '../flow.util.js';
import { findNodeKind, nodeKinds } from '../../nodes/node-kinds.js';

/**
 * Each node has a known type and a bounded shape, as its kind says (`nodes/<kind>.node.ts`):
 * nesting at most `maxDepth` deep, 2 to `maxBranches` parallel branches (each with steps), 1 to
 * `maxBranches` choices plus an `otherwise` branch, branch names unique in their node, waits
 * and delays with bounded times, child nodes naming a definition.
 */
export function nodeShapeProblems(definition: SagaDefinition): DefinitionProblem[] {
  return walkFlow(definition).flatMap(({ node, path, depth }): DefinitionProblem[] => {
    const at = (...segments: (string | number)[]) => pointerOf(...path, ...segments);
    const kind = findNodeKind(node.type);
    if (kind === undefined) {
      const types = nodeKinds().map(({ type }) => type);
      return [{ pointer: at('type'), message: `The node type must be one of ${types.join(', ')}, got ${JSON.stringify(node.type) ?? 'nothing'}.` }];
    }
    return kind.shapeProblems?.(node, at, depth) ?? [];
  });
}
