import { Injectable } from '@nestjs/common';
import { decide } from '../../saga-engine/decide.js';
import { findNode } from '../../saga-engine/definition/flow.util.js';
import { childKindProblem } from '../../saga-engine/definition/rules/child-definitions.rule.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import type { ChildSagaToStart, Decision } from '../../saga-engine/decision.js';
import { DefinitionCatalogService } from '../definition-catalog.service.js';
import { DefinitionNotFoundError } from '../errors/definition-not-found.error.js';
import { InvalidSagaInputError } from '../errors/invalid-saga-input.error.js';
import { SagaInputValidator } from '../input/saga-input-validator.js';
import type { OutboxMessage } from '../ports/outbox-message.js';
import type { SagaTransaction } from '../ports/saga-store.port.js';
import type { TraceCarrier } from '../ports/saga-tracer.port.js';
import { childFinishedOutboxMessage, childSagaId } from '../utils/child-saga-messages.util.js';
import { decisionToWrite } from '../utils/decision-write.util.js';

/** What starting a decision's child sagas wrote. */
export interface StartedChildren {
  readonly outbox: readonly OutboxMessage[];
  /** The first decision of each child created (for the metrics, after commit). */
  readonly decisions: readonly { readonly definition: string; readonly decision: Decision }[];
}

/**
 * Creates the child sagas a parent's decision asks for, in the parent's transaction: each with
 * the id derived from the parent and node (a second start finds it and does nothing), linked to
 * its parent, with its own first decision's state, log, timers and commands. A child that cannot
 * start (its definition or version is gone, its input does not fit the child's input schema, or
 * an unpinned child's latest version gained a point of no return) is never created: the parent
 * is told at once, through the outbox, that the child ended COMPENSATED with the reason.
 */
@Injectable()
export class ChildSagaStarter {
  constructor(
    private readonly catalog: DefinitionCatalogService,
    private readonly inputValidator: SagaInputValidator,
  ) {}

  async start(
    tx: SagaTransaction,
    parent: { readonly id: string; readonly definition: SagaDefinition },
    requests: readonly ChildSagaToStart[],
    trace: TraceCarrier,
  ): Promise<StartedChildren> {
    const outbox: OutboxMessage[] = [];
    const decisions: { definition: string; decision: Decision }[] = [];
    const refused: ReturnType<typeof childFinishedOutboxMessage>[] = [];
    const now = await tx.now();
    for (const request of requests) {
      const id = childSagaId(parent.id, request.step);
      const resolved = await this.resolve(parent.definition, request);
      if (typeof resolved === 'string') {
        refused.push(childFinishedOutboxMessage(id, { parentSagaId: parent.id, step: request.step, status: 'COMPENSATED', sequence: 1, failure: { code: 'child-not-started', message: resolved } }, now));
        continue;
      }
      const decision = decide(resolved, undefined, { type: 'StartSaga', input: request.input, parent: { sagaId: parent.id, step: request.step } }, { now, random: Math.random });
      const written = await tx.insertChildSagaIfAbsent(
        { id, definitionName: resolved.name, definitionVersion: resolved.version, input: request.input, idempotencyKey: null, requestHash: null, startedBy: null, traceContext: trace },
        { sagaId: parent.id, step: request.step },
        decisionToWrite(id, decision, now, trace),
      );
      if (written === null) continue;
      outbox.push(...written);
      decisions.push({ definition: resolved.name, decision });
    }
    outbox.push(...(await tx.insertOutboxMessages(refused)));
    return { outbox, decisions };
  }

  /** The child's definition, or why the child cannot start. */
  private async resolve(parent: SagaDefinition, request: ChildSagaToStart): Promise<SagaDefinition | string> {
    let definition: SagaDefinition;
    try {
      definition = await this.catalog.resolve(request.definition.name, request.definition.version);
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) return error.message;
      throw error;
    }
    const node = findNode(parent, request.step);
    const kindProblem = node?.type === 'child' ? childKindProblem(node, definition) : undefined;
    if (kindProblem !== undefined) return kindProblem;
    try {
      this.inputValidator.assertValid(definition, request.input);
    } catch (error) {
      if (!(error instanceof InvalidSagaInputError)) throw error;
      return `${error.message} ${error.issues.map((issue) => `${issue.pointer || '(root)'}: ${issue.message}`).join('; ')}`;
    }
    return definition;
  }
}
