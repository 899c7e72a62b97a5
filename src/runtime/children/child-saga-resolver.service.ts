import { Injectable } from '@nestjs/common';
import { findNode } from '../../saga-engine/definition/flow.util.js';
import { DefinitionLimits } from '../../saga-engine/definition/definition-problem.js';
import { childKindProblem } from '../../saga-engine/definition/rules/child-definitions.rule.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import type { ChildSagaToStart } from '../../saga-engine/decision.js';
import { DefinitionSource } from '../ports/definition-source.port.js';

/**
 * Which definition a child saga node starts, or why it cannot: it would nest deeper than
 * `DefinitionLimits.maxChildSagaDepth` (registration refuses such trees; an unpinned child's
 * newer version can still nest deeper), the definition (or the version asked for) is not registered, an unpinned child's latest version gained a point of no return
 * the node's kind does not allow, or the input does not fit the child's input schema. A child
 * that cannot start is never created; the runtime tells the parent at once that it ended
 * COMPENSATED with this reason.
 */
@Injectable()
export class ChildSagaResolver {
  constructor(private readonly definitions: DefinitionSource) {}

  /** `depth`: levels below the saga a client started the child would be (1 for that saga's children). */
  async resolve(parent: SagaDefinition, request: ChildSagaToStart, depth = 1): Promise<SagaDefinition | string> {
    if (depth > DefinitionLimits.maxChildSagaDepth) {
      return `Child step "${request.step}" would start "${request.definition.name}" ${depth} levels below the saga a client started; child sagas nest at most ${DefinitionLimits.maxChildSagaDepth} levels.`;
    }
    const definition = await this.definitions.find(request.definition.name, request.definition.version);
    if (typeof definition === 'string') return definition;
    const node = findNode(parent, request.step);
    const kindProblem = node?.type === 'child' ? childKindProblem(node, definition) : undefined;
    if (kindProblem !== undefined) return kindProblem;
    return this.definitions.inputProblem(definition, request.input) ?? definition;
  }
}
