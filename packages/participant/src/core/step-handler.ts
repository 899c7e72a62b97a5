import type { StepCommandMessage } from '@saga-coordinator/contracts';
import type { TransactionClient } from './pg-transactions.js';
import type { ParticipantLogger } from './participant-logger.js';
import type { CompensatedResult, ExecuteResult } from './step-result.js';

export type { TransactionClient } from './pg-transactions.js';

/**
 * A step command whose `payload` has been checked against the command's declared `input` schema
 * (`unknown` when none was declared).
 */
export type StepCommand<Payload = unknown> = Omit<StepCommandMessage, 'payload'> & { readonly payload: Payload };

/** What a handler gets besides the command. `Tx` is what the transaction adapter hands out. */
export interface StepContext<Tx = TransactionClient> {
  /**
   * The open transaction (already holding the fence lock for this saga step): a `pg` client by
   * default, a TypeORM `EntityManager` or a `Knex.Transaction` with those adapters. Write the
   * business change through it and nothing else: it commits together with the fence record,
   * or not at all. Do not commit or roll it back yourself.
   */
  readonly tx: Tx;
  /** W3C trace context of the command, if the coordinator sent one. */
  readonly traceparent?: string;
  readonly logger: ParticipantLogger;
}

/**
 * Runs a step. `command.payload` is what the step's `input` mapping produced (by default
 * `{ input, outputs }`: saga input, earlier steps' outputs), typed and checked when the command
 * was registered with an `input` schema, `unknown` otherwise. Return
 * `StepResult.succeeded(output)` or `StepResult.failed(code, message)`; throw for technical
 * errors (the transaction is rolled back, the reply is `error`, the coordinator retries with a
 * new attempt).
 */
export type ExecuteHandler<Tx = TransactionClient, Payload = unknown, Output = unknown> = (
  command: StepCommand<Payload>,
  ctx: StepContext<Tx>,
) => Promise<ExecuteResult<Output>>;

/**
 * Undoes a step that succeeded here. `command.payload` is `{ input, output }` where `output`
 * is what the step returned (null if the coordinator does not know it). Must accept
 * "nothing to undo". Return `StepResult.compensated()`; throw for technical errors (retried).
 */
export type CompensateHandler<Tx = TransactionClient, Payload = unknown> = (
  command: StepCommand<Payload>,
  ctx: StepContext<Tx>,
) => Promise<CompensatedResult>;
