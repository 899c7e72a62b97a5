import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CrashPoints } from '../fault-injection/crash-point-name.js';
import { crashPoint } from '../fault-injection/crash-point.js';
import { SagaTracer } from '../observability/tracing/saga-tracer.port.js';
import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import type { SagaTrigger } from '../saga-engine/triggers/saga-trigger.js';
import type { ApplyOptions, ApplyOutcome, CreateOutcome, CreateRequest, TriggerClaim } from './apply-request.js';
import { type Written, DecisionWriter } from './decisions/decision-writer.service.js';
import { answeredCommand } from './inbound/answered-command.mapper.js';
import { DefinitionSource } from './ports/definition-source.port.js';
import { SagaStore, type SagaTransaction } from './ports/saga-store.port.js';
import type { CommittedChange } from './post-commit/committed-change.js';
import { PostCommitListeners } from './post-commit/post-commit-listeners.explorer.js';

/** What a transaction hands to the code after its commit. */
interface Transacted<T> {
  readonly outcome: T;
  /** Present when the transaction changed sagas (the post-commit listeners then run). */
  readonly change?: CommittedChange;
}

/**
 * Decide, then do (ARCHITECTURE §3): the one way a saga changes. Every caller (step replies,
 * parent ↔ child messages, timers, operator actions, starts) goes through `apply` or `create`,
 * which run ONE transaction: lock the saga row, record the inbound message id in the inbox (when
 * the trigger came in a message: a duplicate changes nothing), load the pinned definition, run
 * `decide` on the database clock, write state, step log, outbox rows and timers, create the child
 * sagas the decision starts, commit; and only then call the post-commit listeners (publishing
 * the new commands, metrics, waking the timer scheduler).
 *
 * The hot path (a reply) is two round trips: BEGIN + lock + inbox in one, the writes + COMMIT in
 * the other (see persistence/pipelined-session.ts); nothing here may add a query to it.
 */
@Injectable()
export class SagaRuntime {
  constructor(
    private readonly store: SagaStore,
    private readonly definitions: DefinitionSource,
    private readonly writer: DecisionWriter,
    private readonly listeners: PostCommitListeners,
    private readonly tracer: SagaTracer,
  ) {}

  /**
   * Applies `trigger` to saga `sagaId`. Resolves after the commit (and the listeners); the
   * outcome says whether anything changed. @throws the engine's `OperatorRefusalError` when the
   * saga's state does not accept an operator trigger (nothing changed), and the store's errors.
   */
  apply(sagaId: string, trigger: SagaTrigger, options?: ApplyOptions): Promise<ApplyOutcome>;
  /**
   * Applies the trigger `claim` finds inside the transaction (a due timer, claimed with SKIP
   * LOCKED and deleted in the same transaction); undefined when it found none.
   */
  apply(claim: TriggerClaim): Promise<ApplyOutcome | undefined>;
  async apply(target: string | TriggerClaim, trigger?: SagaTrigger, options: ApplyOptions = {}): Promise<ApplyOutcome | undefined> {
    let applied: SagaTrigger | undefined;
    const result = await this.store.transaction(async (tx): Promise<Transacted<ApplyOutcome> | undefined> => {
      const claimed = typeof target === 'string' ? { sagaId: target, trigger: trigger!, options } : await target(tx);
      if (claimed === undefined) return undefined;
      applied = claimed.trigger;
      return this.applyIn(tx, claimed.sagaId, claimed.trigger, claimed.options ?? {});
    });
    if (result?.change !== undefined) {
      if (applied?.type === 'StepReplyReceived' && result.change.outbox.length > 0) crashPoint(CrashPoints.replyAfterCommitBeforePublish);
      this.listeners.publish(result.change);
    }
    return result?.outcome;
  }

  /**
   * Creates a saga in one transaction: `prepare` picks the definition and checks the request (or
   * finds the saga an earlier request with the same idempotency key created), then the saga row,
   * its first decision's writes, its child sagas and `alsoWrite` commit together.
   * @throws whatever `prepare` throws (nothing is written), and the store's errors
   */
  async create(request: CreateRequest): Promise<CreateOutcome> {
    const result = await this.store.transaction(async (tx): Promise<Transacted<CreateOutcome>> => {
      // The clock read travels with BEGIN and prepare's first statement: one round trip.
      const [, plan] = await Promise.all([tx.now(), request.prepare(tx)]);
      if ('existing' in plan) {
        await request.alsoWrite?.(tx, plan.existing);
        return { outcome: { saga: plan.existing, created: false } };
      }
      const id = uuidv7();
      this.tracer.annotate({ sagaId: id });
      const written = await this.writer.insert(
        tx,
        {
          id,
          definitionName: plan.definition.name,
          definitionVersion: plan.definition.version,
          input: plan.input,
          idempotencyKey: plan.idempotencyKey ?? null,
          requestHash: plan.requestHash ?? null,
          startedBy: plan.startedBy ?? null,
          traceContext: this.tracer.activeTraceContext(),
        },
        plan.definition,
        { type: 'StartSaga', input: plan.input },
        request.vetFirstDecision,
      );
      await request.alsoWrite?.(tx, written.saga);
      return { outcome: { saga: written.saga, created: true }, change: changeOf('StartSaga', written) };
    });
    if (result.change !== undefined) {
      crashPoint(CrashPoints.startAfterCommit);
      this.listeners.publish(result.change);
    }
    return result.outcome;
  }

  /** Inside the transaction: lock (+ inbox), pinned definition, refusal, dedupe, decide and write. */
  private async applyIn(tx: SagaTransaction, sagaId: string, trigger: SagaTrigger, options: ApplyOptions): Promise<Transacted<ApplyOutcome>> {
    // With a message id, the row lock and the inbox insert are one statement (one round trip).
    const locked = options.inbound === undefined ? wrapLock(await tx.lockSaga(sagaId)) : await tx.lockSagaForInbound(sagaId, options.inbound);
    if (locked === null) return { outcome: { kind: 'not-found' } };
    const { saga, fresh } = locked;
    const work = async (): Promise<Transacted<ApplyOutcome>> => {
      const definition: SagaDefinition = await this.definitions.pinned(saga.definitionName, saga.definitionVersion);
      const reason = options.refuse?.(saga, definition);
      if (reason !== undefined) {
        // Roll back: the inbox must not remember a message that was never processed.
        tx.discard();
        return { outcome: { kind: 'rejected', saga, reason } };
      }
      if (!fresh) return { outcome: { kind: 'duplicate', saga } };
      // A reply proves its command arrived: the reply's transaction marks the command's outbox row sent.
      const answers = trigger.type === 'StepReplyReceived' ? answeredCommand({ sagaId: saga.id, ...trigger }) : undefined;
      const written = await this.writer.update(tx, saga, definition, trigger, answers);
      await options.alsoWrite?.(tx, saga);
      if (trigger.type === 'StepReplyReceived') crashPoint(CrashPoints.replyBeforeCommit);
      const decision = written.sagas[0]!.decision;
      return { outcome: { kind: 'applied', saga, decision }, change: changeOf(trigger.type, written, answers) };
    };
    const scope = options.scope?.(saga);
    return scope === undefined ? work() : this.tracer.inScope(scope, work);
  }
}

/** A plain row lock as an inbound lock that counts as fresh (no message id to dedupe). */
function wrapLock<S>(saga: S | null): { saga: S; fresh: true } | null {
  return saga === null ? null : { saga, fresh: true };
}

function changeOf(trigger: SagaTrigger['type'], written: Written, answered?: string): CommittedChange {
  return { trigger, sagas: written.sagas, outbox: written.outbox, ...(answered === undefined ? {} : { answered }) };
}
