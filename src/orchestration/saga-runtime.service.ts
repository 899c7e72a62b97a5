import { Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ParticipantAnnouncementMessage, StepReplyMessage } from '@saga-coordinator/contracts';
import { CrashPoints } from '../fault-injection/crash-point-name.js';
import { crashPoint } from '../fault-injection/crash-point.js';
import { decide } from '../saga-engine/decide.js';
import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import type { Decision } from '../saga-engine/decision.js';
import type { SagaState } from '../saga-engine/state/saga-state.js';
import type { SagaTrigger } from '../saga-engine/triggers/saga-trigger.js';
import { ChildSagaStarter, type StartedChildren } from './child-sagas/child-saga-starter.service.js';
import { DefinitionCatalogService } from './definition-catalog.service.js';
import type { InboundMessageResult } from './ports/inbound-message-result.js';
import type { OutboxMessage } from './ports/outbox-message.js';
import { OutboxDispatcher } from './ports/outbox-dispatcher.port.js';
import { ParticipantStore } from './ports/participant-store.port.js';
import { type CoordinatorMessage, InboundMessageHandler } from './ports/reply-handler.port.js';
import { NoSagaMetrics, SagaMetrics } from './ports/saga-metrics.port.js';
import { NoSagaTracer, SagaTracer, type TraceCarrier } from './ports/saga-tracer.port.js';
import { SagaStore, type SagaTransaction, type StoredSaga } from './ports/saga-store.port.js';
import { decisionToWrite } from './utils/decision-write.util.js';
import { answeredCommand } from './utils/answered-command.util.js';
import { whyReplyIsRejected } from './utils/reply-rejection.util.js';
import { sagaTraceContext } from './utils/saga-trace-context.util.js';

/** The outcome of applying one trigger inside a transaction. */
export interface AppliedTrigger {
  readonly decision: Decision;
  readonly outbox: readonly OutboxMessage[];
  /** The saga's definition name (a metrics label). */
  readonly definition: string;
  /** The state the trigger was applied to. */
  readonly previous: SagaState;
  /** Child sagas the decision started (their first decisions, for the metrics). */
  readonly children?: StartedChildren['decisions'];
}

/** Used until (or unless) the messaging layer provides a dispatcher: the relay's poll publishes instead. */
const relayOnly: OutboxDispatcher = { dispatch: () => undefined };

/**
 * Decide, then do (ARCHITECTURE §3): applies a trigger to a saga in ONE transaction (row lock,
 * inbox, `decide` on the database clock, state + step log + outbox + timers), and only after
 * the commit hands the new outbox rows to the dispatcher (fast path; the relay is the safety net).
 */
@Injectable()
export class SagaRuntimeService extends InboundMessageHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SagaRuntimeService.name);
  private dispatcher: OutboxDispatcher = relayOnly;
  private timersArmed: (dueInMs: number) => void = () => undefined;
  private readonly metrics: SagaMetrics;
  private readonly tracer: SagaTracer;

  constructor(
    private readonly store: SagaStore,
    private readonly catalog: DefinitionCatalogService,
    private readonly participants: ParticipantStore,
    private readonly moduleRef: ModuleRef,
    private readonly childSagas: ChildSagaStarter,
    @Optional() metrics?: SagaMetrics,
    @Optional() tracer?: SagaTracer,
  ) {
    super();
    this.metrics = metrics ?? NoSagaMetrics;
    this.tracer = tracer ?? NoSagaTracer;
  }

  /**
   * The dispatcher lives in the messaging module, which itself depends on this service:
   * looked up once the whole application exists instead of injected, to avoid a module cycle.
   */
  onApplicationBootstrap(): void {
    try {
      this.dispatcher = this.moduleRef.get(OutboxDispatcher, { strict: false });
    } catch {
      this.logger.warn('No OutboxDispatcher registered: commands are published by the outbox relay poll only.');
    }
  }

  /** Replaces the dispatcher (tests; a composition root without the messaging module). */
  useDispatcher(dispatcher: OutboxDispatcher): void {
    this.dispatcher = dispatcher;
  }

  async handleReply(reply: StepReplyMessage): Promise<InboundMessageResult> {
    type Outcome = { result: InboundMessageResult; applied?: AppliedTrigger; definition?: string };
    const outcome = await this.store.transaction(async (tx): Promise<Outcome> => {
      // Row lock and inbox insert in one round trip; a rejected reply rolls both back.
      const locked = await tx.lockSagaForInbound(reply.sagaId, reply.messageId);
      if (!locked) return { result: { kind: 'rejected', reason: `unknown saga ${reply.sagaId}` } };
      const { saga } = locked;
      const definitionName = saga.definitionName;
      const definition = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
      const reason = whyReplyIsRejected(definition, reply);
      if (reason !== undefined) {
        tx.discard();
        return { result: { kind: 'rejected', reason }, definition: definitionName };
      }
      if (!locked.fresh) return { result: { kind: 'duplicate' }, definition: definitionName };
      const applied = await this.applyLocked(
        tx,
        saga,
        definition,
        {
          type: 'StepReplyReceived',
          step: reply.step,
          kind: reply.kind,
          attempt: reply.attempt,
          outcome: reply.outcome,
          ...(reply.output === undefined ? {} : { output: reply.output }),
          ...(reply.failure === undefined ? {} : { failure: reply.failure }),
        },
        answeredCommand(reply),
      );
      crashPoint(CrashPoints.replyBeforeCommit);
      return { result: { kind: 'applied' }, applied, definition: definitionName };
    });
    if ((outcome.applied?.outbox.length ?? 0) > 0) crashPoint(CrashPoints.replyAfterCommitBeforePublish);
    if (outcome.applied) {
      this.dispatcher.answered?.(answeredCommand(reply));
      this.committed(outcome.applied);
    }
    this.metrics.replyProcessed({ definition: outcome.definition, reply, result: outcome.result.kind, processedAt: new Date() });
    return outcome.result;
  }

  async recordAnnouncement(announcement: ParticipantAnnouncementMessage): Promise<void> {
    await this.participants.recordAnnouncement(announcement);
  }

  /**
   * Applies `trigger` to a saga whose row `tx` has locked: runs `decide` on the transaction's
   * database clock and writes state, log, outbox rows and timers. The caller commits, then
   * calls `committed` with the result. New commands carry the active trace context.
   * `answers`: the message id of the command a reply answers (its outbox row is marked sent).
   */
  async applyLocked(
    tx: SagaTransaction,
    saga: StoredSaga,
    definition: SagaDefinition,
    trigger: SagaTrigger,
    answers?: string,
  ): Promise<AppliedTrigger> {
    const now = await tx.now();
    const decision = decide(definition, saga.state, trigger, { now, random: Math.random });
    const trace = sagaTraceContext(this.tracer.activeTraceContext(), saga.traceContext);
    const write = decisionToWrite(saga.id, decision, now, trace);
    const outbox = await tx.updateSaga(saga, answers === undefined ? write : { ...write, answers });
    const children = await this.startChildrenOf(tx, saga.id, definition, decision, trace);
    // Inside a saga scope: the line carries saga id, step, attempt and trace id.
    this.logger.debug(`${trigger.type}: ${saga.state.status} -> ${decision.state.status}, ${decision.commands.length} command(s)`);
    return {
      decision,
      outbox: children.outbox.length > 0 ? [...outbox, ...children.outbox] : outbox,
      definition: saga.definitionName,
      previous: saga.state,
      ...(children.decisions.length > 0 ? { children: children.decisions } : {}),
    };
  }

  /**
   * Creates the child sagas `decision` starts, in the transaction that wrote it (after the
   * parent's own row, which the child row references). Nothing to do for most decisions.
   */
  async startChildrenOf(tx: SagaTransaction, sagaId: string, definition: SagaDefinition, decision: Decision, trace: TraceCarrier): Promise<StartedChildren> {
    if (decision.startChildren === undefined) return { outbox: [], decisions: [] };
    return this.childSagas.start(tx, { id: sagaId, definition }, decision.startChildren, trace);
  }

  /**
   * A message between a parent and a child saga (both on this coordinator): lock the saga it is
   * for, record its id in the inbox (a redelivery changes nothing), apply it, commit, then
   * dispatch. Only one saga is locked per transaction.
   */
  override async handleCoordinatorMessage(message: CoordinatorMessage): Promise<InboundMessageResult> {
    const { sagaId, trigger } =
      message.type === 'child-finished'
        ? {
            sagaId: message.message.parentSagaId,
            trigger: {
              type: 'ChildSagaFinished' as const,
              step: message.message.step,
              status: message.message.status,
              ...(message.message.output === undefined ? {} : { output: message.message.output }),
              ...(message.message.failure === undefined ? {} : { failure: message.message.failure }),
            },
          }
        : { sagaId: message.message.childSagaId, trigger: { type: 'ParentCompensationRequested' as const, reason: message.message.reason } };
    const outcome = await this.store.transaction(async (tx): Promise<{ result: InboundMessageResult; applied?: AppliedTrigger }> => {
      const saga = await tx.lockSaga(sagaId);
      // A child that could not start was never created; its parent already has (or will get) the
      // COMPENSATED notice that said so, so a request to undo it has nothing to do.
      if (!saga && message.type === 'compensate-child') return { result: { kind: 'duplicate' } };
      if (!saga) return { result: { kind: 'rejected', reason: `unknown saga ${sagaId}` } };
      if (message.type === 'compensate-child' && saga.state.parent?.sagaId !== message.message.parentSagaId) {
        return { result: { kind: 'rejected', reason: `saga ${sagaId} is not a child of ${message.message.parentSagaId}` } };
      }
      if (!(await tx.recordInbound(message.message.messageId, saga.id))) return { result: { kind: 'duplicate' } };
      const definition = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
      return { result: { kind: 'applied' }, applied: await this.applyLocked(tx, saga, definition, trigger) };
    });
    if (outcome.applied) this.committed(outcome.applied);
    return outcome.result;
  }

  /** The timer scheduler listens here: it sleeps until the next due timer and must hear of new ones. */
  onTimersArmed(listener: (dueInMs: number) => void): void {
    this.timersArmed = listener;
  }

  /** After commit: counts the decision in the metrics, then publishes its commands (fast path). */
  committed(applied: AppliedTrigger): void {
    this.metrics.decisionCommitted({ definition: applied.definition, previous: applied.previous, decision: applied.decision });
    for (const child of applied.children ?? []) this.metrics.decisionCommitted({ definition: child.definition, previous: undefined, decision: child.decision });
    this.dispatchCommitted(applied.outbox);
    this.announceTimers(applied.decision);
    for (const child of applied.children ?? []) this.announceTimers(child.decision);
  }

  /** After a commit that may have armed timers: wakes the scheduler for the earliest. */
  announceTimers(decision: Decision): void {
    if (decision.timers.length === 0) return;
    this.timersArmed(Math.min(...decision.timers.map((timer) => timer.dueInMs)));
  }

  /** Fast path after commit; never throws (the dispatcher must not either, but a bug must not fail a committed request). */
  dispatchCommitted(outbox: readonly OutboxMessage[]): void {
    if (outbox.length === 0) return;
    try {
      this.dispatcher.dispatch(outbox);
    } catch (error) {
      this.logger.error(`Outbox dispatch threw; the relay will publish: ${String(error)}`);
    }
  }
}
