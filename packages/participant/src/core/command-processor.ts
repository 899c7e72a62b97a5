import { ReplyOutcomes, type StepCommandMessage } from '@saga-coordinator/contracts';
import { decideFenceAction } from './fence-action.util.js';
import { FenceOutcomes, SdkFailureCodes } from './fence-outcome.js';
import type { FenceRecord } from './fence-record.js';
import type { FenceRepository } from './fence.repository.js';
import { acceptHandlerResult } from './handler-result.util.js';
import { SdkReplyError } from './command-schemas.js';
import type { ParticipantLogger } from './participant-logger.js';
import type { CompensateHandler, ExecuteHandler, StepContext } from './step-handler.js';
import { draftFromRecord } from './step-reply.util.js';
import type { ReplyDraft } from './step-reply.util.js';
import { FailureLimits, truncate } from './step-result.js';
import type { OpenTransaction, TransactionAdapter } from './transaction-adapter.js';

/** What processing one command came to. */
export type ProcessingOutcome =
  /** Send this reply, then ack the command. */
  | { readonly type: 'reply'; readonly draft: ReplyDraft }
  /** The fence database failed: nothing is known to be committed; requeue the command. */
  | { readonly type: 'fence-unavailable'; readonly error: unknown };

/** Marks errors of the fence's own statements, as opposed to errors thrown by the handler. */
class FenceStatementError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * Runs one command through the fence: open a transaction through the adapter, lock the
 * (saga, step), read the fence, then resend, refuse, tombstone or run the handler, and commit
 * the fence record with the handler's business change in that one transaction.
 */
export class CommandProcessor<Tx> {
  constructor(
    private readonly transactions: TransactionAdapter<Tx>,
    private readonly fence: FenceRepository,
    private readonly logger: ParticipantLogger,
  ) {}

  async process(
    command: StepCommandMessage,
    handler: ExecuteHandler<Tx> | CompensateHandler<Tx>,
    traceparent: string | undefined,
  ): Promise<ProcessingOutcome> {
    let tx: OpenTransaction<Tx>;
    try {
      tx = await this.transactions.begin();
    } catch (error) {
      return { type: 'fence-unavailable', error };
    }
    let broken: Error | undefined;
    try {
      return await this.inTransaction(tx, command, handler, traceparent);
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await tx.rollback().catch(() => undefined);
      return { type: 'fence-unavailable', error: error instanceof FenceStatementError ? error.original : error };
    } finally {
      await tx.release(broken).catch((error: unknown) => this.logger.warn({ error: messageOf(error) }, 'releasing the fence connection failed'));
    }
  }

  private async inTransaction(
    tx: OpenTransaction<Tx>,
    command: StepCommandMessage,
    handler: ExecuteHandler<Tx> | CompensateHandler<Tx>,
    traceparent: string | undefined,
  ): Promise<ProcessingOutcome> {
    const sql = async <T>(run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        throw new FenceStatementError(error);
      }
    };
    // The lock and the read in one round trip: the read still starts after the lock is granted
    // (PostgreSQL runs them in order), so it sees what the lock's previous holder committed.
    const [, fence] = await inOrder(
      tx,
      () => sql(() => this.fence.lockStep(tx, command.sagaId, command.step)),
      () => sql(() => this.fence.read(tx, command.sagaId, command.step)),
    );
    const action = decideFenceAction(command.kind, fence);

    switch (action.type) {
      case 'resend':
        await sql(() => tx.commit());
        this.logger.debug({ messageId: command.messageId }, 'duplicate command answered from the fence');
        return reply(draftFromRecord(action.record));
      case 'refuse-compensated':
        await sql(() => tx.commit());
        this.logger.warn({ messageId: command.messageId }, 'execute refused: the step was already compensated');
        return reply({
          outcome: ReplyOutcomes.failed,
          failure: { code: SdkFailureCodes.alreadyCompensated, message: `step ${command.step} of saga ${command.sagaId} was already compensated` },
        });
      case 'record-nothing-to-undo': {
        const record = recordOf(command, FenceOutcomes.nothingToUndo, {});
        await recordAndCommit(tx, record, this.fence, sql);
        return reply(draftFromRecord(record));
      }
      case 'run-handler':
        return this.runHandler(tx, command, handler, traceparent, sql);
    }
  }

  private async runHandler(
    tx: OpenTransaction<Tx>,
    command: StepCommandMessage,
    handler: ExecuteHandler<Tx> | CompensateHandler<Tx>,
    traceparent: string | undefined,
    sql: <T>(run: () => Promise<T>) => Promise<T>,
  ): Promise<ProcessingOutcome> {
    const ctx: StepContext<Tx> = { tx: tx.handle, logger: this.logger, ...(traceparent !== undefined ? { traceparent } : {}) };
    let result: unknown;
    try {
      result = await handler(command, ctx);
    } catch (error) {
      if (error instanceof FenceStatementError) throw error;
      // If even the rollback fails the database is gone, and that is not the handler's fault.
      await sql(() => tx.rollback());
      const code = error instanceof SdkReplyError ? error.code : SdkFailureCodes.handlerError;
      this.logger.warn({ messageId: command.messageId, code, error: messageOf(error) }, 'handler threw: replying error');
      return technicalError(code, messageOf(error));
    }
    const accepted = acceptHandlerResult(command.kind, result);
    if (typeof accepted === 'string') {
      await sql(() => tx.rollback());
      return technicalError(SdkFailureCodes.invalidHandlerResult, accepted);
    }
    const record = recordOf(command, accepted.outcome, accepted.reply);
    await recordAndCommit(tx, record, this.fence, sql);
    return reply(draftFromRecord(record));
  }
}

/**
 * Two statements in order: sent together when the adapter pipelines (one write, one round trip),
 * else the second after the first has been answered.
 */
async function inOrder<Tx, A, B>(tx: OpenTransaction<Tx>, first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  if (tx.pipelined === undefined) return [await first(), await second()];
  // Settled, not Promise.all: the pipeline ends only once both are answered, even when one fails.
  return tx.pipelined(async () => {
    const [a, b] = await Promise.allSettled([first(), second()]);
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
    return [a.value, b.value];
  });
}

/**
 * The fence record and COMMIT in one round trip. Should the insert fail, PostgreSQL answers the
 * COMMIT behind it with a rollback: nothing of the transaction is kept, as when they went apart.
 */
async function recordAndCommit<Tx>(
  tx: OpenTransaction<Tx>,
  record: FenceRecord,
  fence: FenceRepository,
  sql: <T>(run: () => Promise<T>) => Promise<T>,
): Promise<void> {
  await inOrder(
    tx,
    () => sql(() => fence.insert(tx, record)),
    () => sql(() => tx.commit()),
  );
}

function recordOf(command: StepCommandMessage, outcome: FenceRecord['outcome'], stored: FenceRecord['reply']): FenceRecord {
  return { sagaId: command.sagaId, step: command.step, kind: command.kind, messageId: command.messageId, outcome, reply: stored };
}

function reply(draft: ReplyDraft): ProcessingOutcome {
  return { type: 'reply', draft };
}

function technicalError(code: string, message: string): ProcessingOutcome {
  return reply({ outcome: ReplyOutcomes.error, failure: { code, message: truncate(message, FailureLimits.messageLength) } });
}

/** The error's message only: stacks stay in the participant's logs, never on the wire. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
