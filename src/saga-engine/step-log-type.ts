/** Entry types of the saga's step log (`GET /v1/sagas/{id}/events`). Past tense: things that happened. */
export const StepLogTypes = {
  SagaStarted: 'SagaStarted',
  StepStarted: 'StepStarted',
  StepSucceeded: 'StepSucceeded',
  /** Business failure, or the retry budget spent. */
  StepFailed: 'StepFailed',
  /** A technical error; a retry is scheduled. */
  StepRetryScheduled: 'StepRetryScheduled',
  StepTimedOut: 'StepTimedOut',
  /** A reply that changed nothing (duplicate, late, stale attempt): recorded, not acted on. */
  ReplyIgnored: 'ReplyIgnored',
  CompensationStarted: 'CompensationStarted',
  CompensationSucceeded: 'CompensationSucceeded',
  CompensationRetryScheduled: 'CompensationRetryScheduled',
  CompensationFailed: 'CompensationFailed',
  SagaCompleted: 'SagaCompleted',
  SagaCompensated: 'SagaCompensated',
  SagaCompensationFailed: 'SagaCompensationFailed',
  SagaCancelRequested: 'SagaCancelRequested',
  SagaRetryRequested: 'SagaRetryRequested',
  StepResolvedByOperator: 'StepResolvedByOperator',
  SagaDeadlineExceeded: 'SagaDeadlineExceeded',
  /** A step that never ran because the saga turned back. */
  StepSkipped: 'StepSkipped',
} as const;
export type StepLogType = (typeof StepLogTypes)[keyof typeof StepLogTypes];
