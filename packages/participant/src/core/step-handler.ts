import type pg from 'pg';
import type { StepCommandMessage } from '@saga-coordinator/contracts';
import type { ParticipantLogger } from './participant-logger.js';
import type { CompensatedResult, ExecuteResult } from './step-result.js';

/** The transaction a handler writes its business change in; the fence row commits with it. */
export type TransactionClient = Pick<pg.PoolClient, 'query'>;

/** What a handler gets besides the command. */
export interface StepContext {
  /**
   * The open transaction (already holding the fence lock for this saga step). Write the
   * business change through it and nothing else: it commits together with the fence record,
   * or not at all. Do not COMMIT or ROLLBACK it yourself.
   */
  readonly tx: TransactionClient;
  /** W3C trace context of the command, if the coordinator sent one. */
  readonly traceparent?: string;
  readonly logger: ParticipantLogger;
}

/**
 * Runs a step. `command.payload` is `{ input, outputs }` (saga input, earlier steps' outputs),
 * unvalidated: check it yourself. Return `StepResult.succeeded(output)` or
 * `StepResult.failed(code, message)`; throw for technical errors (the transaction is rolled
 * back, the reply is `error`, the coordinator retries with a new attempt).
 */
export type ExecuteHandler = (command: StepCommandMessage, ctx: StepContext) => Promise<ExecuteResult>;

/**
 * Undoes a step that succeeded here. `command.payload` is `{ input, output }` where `output`
 * is what the step returned (null if the coordinator does not know it). Must accept
 * "nothing to undo". Return `StepResult.compensated()`; throw for technical errors (retried).
 */
export type CompensateHandler = (command: StepCommandMessage, ctx: StepContext) => Promise<CompensatedResult>;
