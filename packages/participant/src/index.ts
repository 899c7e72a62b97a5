/**
 * The saga participant SDK, plain TypeScript: `createParticipant(options)`, register a handler
 * per command with `.handle()` / `.compensate()`, then `start()`. Every handler runs in a
 * PostgreSQL transaction together with the fence record that makes redeliveries, late commands
 * and compensations of never-run steps safe. Handlers write through `ctx.tx`: a `pg` client, or
 * with the adapters of `@saga-coordinator/participant/typeorm` and `/knex` a TypeORM
 * `EntityManager` or a `Knex.Transaction` bound to that transaction. Commands may declare their
 * payload and output with any Standard Schema (zod…). The NestJS layer is
 * `@saga-coordinator/participant/nest`.
 *
 * @packageDocumentation
 */
export type { CommandKind, ReplyFailure, StepCommandMessage } from '@saga-coordinator/contracts';
export { PublishNotConfirmedError } from './core/confirmed-publisher.js';
export { DeadLetterReasons, type DeadLetterReason } from './core/dead-letter-reason.js';
export { describeIssues, SdkReplyError, type CompensateSchemas, type ExecuteSchemas, type OutputOf, type PayloadOf } from './core/command-schemas.js';
export { fenceMigrationSql, fenceMigrationStatements } from './core/fence-migration.js';
export { FenceOutcomes, SdkFailureCodes, type FenceOutcome, type SdkFailureCode } from './core/fence-outcome.js';
export { createParticipant, Participant } from './core/participant.js';
export { createConsoleLogger, silentLogger, type LogFields, type ParticipantLogger } from './core/participant-logger.js';
export { ParticipantDefaults, type FenceOptions, type ParticipantOptions } from './core/participant-options.js';
export { pgTransactions, type TransactionClient } from './core/pg-transactions.js';
export type { CompensateHandler, ExecuteHandler, StepCommand, StepContext } from './core/step-handler.js';
export { UnsupportedDatabaseError, type OpenTransaction, type SqlResult, type TransactionAdapter } from './core/transaction-adapter.js';
export {
  FailureLimits,
  StepResult,
  type CompensatedResult,
  type ExecuteResult,
  type FailedResult,
  type SucceededResult,
} from './core/step-result.js';
