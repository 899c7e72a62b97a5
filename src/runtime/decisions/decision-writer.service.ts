import { Injectable, Logger } from '@nestjs/common';
import { SagaTracer, type TraceCarrier } from '../../observability/tracing/saga-tracer.port.js';
import { decide } from '../../saga-engine/decide.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import type { ChildSagaToStart, Decision } from '../../saga-engine/decision.js';
import type { StartSaga, SagaTrigger } from '../../saga-engine/triggers/saga-trigger.js';
import { ChildSagaResolver } from '../children/child-saga-resolver.service.js';
import { childFinishedOutboxMessage, childSagaId } from '../children/child-saga-messages.mapper.js';
import type { OutboxMessage } from '../ports/outbox-message.js';
import type { NewSaga, SagaTransaction, StoredSaga } from '../ports/saga-store.port.js';
import type { CommittedSaga } from '../post-commit/committed-change.js';
import { decisionToWrite } from './decision-write.mapper.js';
import { statusChangedOutboxMessages } from './saga-status-events.mapper.js';
import { sagaTraceContext } from './saga-trace-context.rule.js';

/** What one decision (and the child sagas it started) wrote in the transaction. */
export interface Written {
  /** The saga decided for first, then every child saga created. */
  readonly sagas: readonly CommittedSaga[];
  readonly outbox: readonly OutboxMessage[];
}

/**
 * "Decide" and "write" for one saga inside a runtime transaction: runs `decide` on the
 * transaction's database clock, turns the decision into rows (state, step log, outbox, timers)
 * and creates the child sagas it asks for, recursively, in the same transaction. The one place
 * `decide` is called with I/O around it: updates of a locked saga, new sagas and child sagas all
 * go through here.
 */
@Injectable()
export class DecisionWriter {
  private readonly logger = new Logger(DecisionWriter.name);

  constructor(
    private readonly children: ChildSagaResolver,
    private readonly tracer: SagaTracer,
  ) {}

  /**
   * Applies `trigger` to a saga whose row `tx` has locked. New commands carry the saga's trace.
   * `answers`: the message id of the command a reply answers (its outbox row is marked sent).
   * @throws the engine's `OperatorRefusalError` when the state does not accept the trigger
   */
  async update(tx: SagaTransaction, saga: StoredSaga, definition: SagaDefinition, trigger: SagaTrigger, answers?: string): Promise<Written> {
    const now = await tx.now();
    const decision = decide(definition, saga.state, trigger, { now, random: Math.random, sagaId: saga.id });
    const trace = sagaTraceContext(this.tracer.activeTraceContext(), saga.traceContext);
    const events = statusChangedOutboxMessages(
      { sagaId: saga.id, definition: saga.definitionName, definitionVersion: saga.definitionVersion },
      saga.state,
      decision.state,
      saga.lastSeq + decision.log.length,
      now,
    );
    const write = decisionToWrite(saga.id, decision, now, trace, events);
    const outbox = await tx.updateSaga(saga, answers === undefined ? write : { ...write, answers });
    const depth = saga.state.parent === undefined ? 0 : (saga.state.parent.depth ?? 1);
    const children = await this.startChildren(tx, saga.id, definition, decision.startChildren, trace, depth);
    // Inside a saga scope: the line carries saga id, step, attempt and trace id.
    this.logger.debug(`${trigger.type}: ${saga.state.status} -> ${decision.state.status}, ${decision.commands.length} command(s)`);
    return {
      sagas: [{ sagaId: saga.id, definition: saga.definitionName, previous: saga.state, decision }, ...children.sagas],
      outbox: [...outbox, ...children.outbox],
    };
  }

  /**
   * Creates a saga a client started: its row and its first decision's writes. `vet` sees the
   * decision first and may throw to refuse the start before anything is written.
   */
  async insert(
    tx: SagaTransaction,
    saga: NewSaga,
    definition: SagaDefinition,
    trigger: StartSaga,
    vet?: (decision: Decision) => void,
  ): Promise<Written & { readonly saga: StoredSaga }> {
    const now = await tx.now();
    const trace = saga.traceContext ?? {};
    const decision = decide(definition, undefined, trigger, { now, random: Math.random, sagaId: saga.id });
    vet?.(decision);
    const events = statusChangedOutboxMessages(
      { sagaId: saga.id, definition: saga.definitionName, definitionVersion: saga.definitionVersion },
      undefined,
      decision.state,
      decision.log.length,
      now,
    );
    const inserted = await tx.insertSaga(saga, decisionToWrite(saga.id, decision, now, trace, events));
    const children = await this.startChildren(tx, saga.id, definition, decision.startChildren, trace);
    return {
      saga: inserted.saga,
      sagas: [{ sagaId: saga.id, definition: definition.name, previous: undefined, decision }, ...children.sagas],
      outbox: [...inserted.outbox, ...children.outbox],
    };
  }

  /**
   * Creates the child sagas a decision starts (`requests`), after the parent's own row (which a child row
   * references): each with the id derived from the parent and node (a second start finds it and
   * does nothing), linked to its parent, one level deeper than it (`parentDepth`: 0 for a saga a
   * client started). A child that cannot start (among others: deeper than
   * `DefinitionLimits.maxChildSagaDepth`) is never created: the parent is told at once, through
   * the outbox, that it ended COMPENSATED with the reason.
   */
  async startChildren(
    tx: SagaTransaction,
    parentId: string,
    parent: SagaDefinition,
    requests: readonly ChildSagaToStart[] | undefined,
    trace: TraceCarrier,
    parentDepth = 0,
  ): Promise<Written> {
    if (requests === undefined) return { sagas: [], outbox: [] };
    const depth = parentDepth + 1;
    const now = await tx.now();
    const sagas: CommittedSaga[] = [];
    const outbox: OutboxMessage[] = [];
    const refused: OutboxMessage[] = [];
    for (const request of requests) {
      const id = childSagaId(parentId, request.step);
      const resolved = await this.children.resolve(parent, request, depth);
      if (typeof resolved === 'string') {
        const notice = {
          parentSagaId: parentId,
          step: request.step,
          status: 'COMPENSATED',
          sequence: 1,
          failure: { code: 'child-not-started', message: resolved },
        } as const;
        refused.push(childFinishedOutboxMessage(id, notice, now));
        continue;
      }
      const first = decide(
        resolved,
        undefined,
        { type: 'StartSaga', input: request.input, parent: { sagaId: parentId, step: request.step, depth } },
        { now, random: Math.random, sagaId: id },
      );
      const written = await tx.insertChildSagaIfAbsent(
        {
          id,
          definitionName: resolved.name,
          definitionVersion: resolved.version,
          input: request.input,
          idempotencyKey: null,
          requestHash: null,
          startedBy: null,
          traceContext: trace,
        },
        { sagaId: parentId, step: request.step },
        decisionToWrite(
          id,
          first,
          now,
          trace,
          statusChangedOutboxMessages(
            { sagaId: id, definition: resolved.name, definitionVersion: resolved.version },
            undefined,
            first.state,
            first.log.length,
            now,
          ),
        ),
      );
      if (written === null) continue;
      const grandchildren = await this.startChildren(tx, id, resolved, first.startChildren, trace, depth);
      sagas.push({ sagaId: id, definition: resolved.name, previous: undefined, decision: first }, ...grandchildren.sagas);
      outbox.push(...written, ...grandchildren.outbox);
    }
    outbox.push(...(await tx.insertOutboxMessages(refused)));
    return { sagas, outbox };
  }
}
