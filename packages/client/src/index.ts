export { createSagaClient, SagaClient } from './saga-client.js';
export type {
  Definition,
  DefinitionBody,
  DefinitionValidation,
  JsonObject,
  ListSagasQuery,
  Participant,
  SagaClientOptions,
  SagaPage,
  SagaSummary,
  StartedSaga,
  StartOptions,
  StepLogEntry,
} from './saga-client.js';
export { SagaApiProblem } from './saga-api-problem.js';
export type { ProblemDetails, ProblemTypeUri } from './saga-api-problem.js';
export { isSettled, SettledStatuses } from './saga-status.js';
export type { Saga, SagaStatus, SettledSaga, SettledStatus } from './saga-status.js';
export { SagaWaitTimeoutError, WaitDefaults } from './wait-for-result.js';
export type { WaitOptions } from './wait-for-result.js';
export type { components, paths } from './generated/openapi.js';
