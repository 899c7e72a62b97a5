/**
 * The saga participant SDK, plain TypeScript: `createParticipant(options)`, register a handler
 * per command with `.handle()` / `.compensate()`, then `start()`. Every handler runs in a
 * PostgreSQL transaction together with the fence record that makes redeliveries, late commands
 * and compensations of never-run steps safe. The NestJS layer is `@saga-coordinator/participant/nest`.
 *
 * @packageDocumentation
 */
export type { CommandKind, ReplyFailure, StepCommandMessage } from '@saga-coordinator/contracts';
export { PublishNotConfirmedError } from './core/confirmed-publisher.js';
export { DeadLetterReasons, type DeadLetterReason } from './core/dead-letter-reason.js';
export { FenceOutcomes, SdkFailureCodes, type FenceOutcome, type SdkFailureCode } from './core/fence-outcome.js';
export { createParticipant, Participant } from './core/participant.js';
export { createConsoleLogger, silentLogger, type LogFields, type ParticipantLogger } from './core/participant-logger.js';
export { ParticipantDefaults, type ParticipantOptions } from './core/participant-options.js';
export type { CompensateHandler, ExecuteHandler, StepContext, TransactionClient } from './core/step-handler.js';
export {
  FailureLimits,
  StepResult,
  type CompensatedResult,
  type ExecuteResult,
  type FailedResult,
  type SucceededResult,
} from './core/step-result.js';
