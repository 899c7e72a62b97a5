import type { OrchestrationErrorCode } from '../../orchestration/errors/orchestration-error-code.js';
import type { OperatorRefusalCode } from '../../orchestration/errors/operator-refusals.js';
import type { ProblemType } from './problem-types.js';

/**
 * The problem type of each application error code. A `Record` over the closed code set, so a
 * new code does not compile until it has an HTTP answer.
 */
export const OrchestrationErrorProblems: Readonly<Record<OrchestrationErrorCode, ProblemType>> = {
  'saga-not-found': 'saga-not-found',
  // On start: the request is understood but names nothing we know (the GET endpoint maps it to 404 itself).
  'definition-not-found': 'unknown-definition',
  'participant-not-found': 'participant-not-found',
  'invalid-saga-input': 'invalid-saga-input',
  'idempotency-key-reused': 'idempotency-key-reused',
  'idempotency-key-in-progress': 'idempotency-key-in-progress',
  'in-flight-limit-reached': 'in-flight-limit-reached',
  'too-many-waiters': 'too-many-waiters',
  'invalid-definition': 'invalid-definition',
  'definition-version-conflict': 'definition-version-conflict',
  'store-unavailable': 'store-unavailable',
  'invalid-cursor': 'invalid-cursor',
  'webhook-not-found': 'webhook-not-found',
  'invalid-webhook-target': 'invalid-webhook-target',
  'webhook-limit-reached': 'webhook-limit-reached',
  'bulk-operation-not-found': 'bulk-operation-not-found',
  'bulk-too-many-sagas': 'bulk-too-many-sagas',
  'bulk-count-mismatch': 'bulk-count-mismatch',
  'bulk-operation-not-cancellable': 'bulk-operation-not-cancellable',
};

/** The problem type of each operator refusal (the engine's one family): 409, or 404 for an unknown step. */
export const OperatorRefusalProblems: Readonly<Record<OperatorRefusalCode, ProblemType>> = {
  'saga-not-cancellable': 'saga-not-cancellable',
  'saga-not-retriable': 'saga-not-retriable',
  'step-not-resolvable': 'step-not-resolvable',
  'step-not-found': 'step-not-found',
  'signal-not-awaited': 'signal-not-awaited',
};

/** Seconds a client should wait before retrying after the store was unavailable. */
export const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Seconds a client should wait before starting another saga after the in-flight cap refused one. */
export const IN_FLIGHT_LIMIT_RETRY_AFTER_SECONDS = 5;

/** Seconds a client should wait before waiting again after the waiter cap refused it. */
export const TOO_MANY_WAITERS_RETRY_AFTER_SECONDS = 1;
