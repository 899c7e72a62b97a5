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
  /**
   * A reply (or timer) with a new message id that changed nothing (late, stale attempt, wrong kind,
   * finished saga): recorded with `data.why`, not acted on. An exact duplicate (a message id the
   * inbox already holds) is dropped before the engine and leaves no entry.
   */
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
  /** A node that never ran (the saga turned back, or its choice branch was not taken), or a wait or delay cut short by turning back. */
  StepSkipped: 'StepSkipped',
  /** A parallel group started all its branches (`data.branches`). */
  BranchesForked: 'BranchesForked',
  /** Every branch of a parallel group finished. */
  BranchesJoined: 'BranchesJoined',
  /** A choice took a branch (`data.branch`, `data.matched`: false when it fell to `otherwise`). */
  ChoiceMade: 'ChoiceMade',
  /** The chosen branch of a choice finished. */
  ChoiceCompleted: 'ChoiceCompleted',
  /** A wait step suspended the saga until its signal (`data.signal`, `data.timeoutMs`). */
  WaitStarted: 'WaitStarted',
  /** The awaited signal arrived (`data.signal`, `data.payload`). */
  SignalReceived: 'SignalReceived',
  /** No signal before the wait's timeout: the wait failed. */
  WaitTimedOut: 'WaitTimedOut',
  /** A delay step started (`data.delayMs`, `data.until`). */
  DelayStarted: 'DelayStarted',
  /** A delay step is over. */
  DelayElapsed: 'DelayElapsed',
  /** A child node started its child saga (`data.definition`, `data.version`: null for the latest). */
  ChildSagaStarted: 'ChildSagaStarted',
  /** The child saga completed (`data.output`); the child node succeeded. */
  ChildSagaCompleted: 'ChildSagaCompleted',
  /** The child saga failed and compensated itself (`data.failure`); the child node failed with nothing to undo. */
  ChildSagaFailed: 'ChildSagaFailed',
  /** The child saga undid itself at this saga's request; the child node is compensated. */
  ChildSagaCompensated: 'ChildSagaCompensated',
  /** This saga is a child and its parent asked it to undo itself (`data.reason`: cancel or compensate). */
  ParentCompensationRequested: 'ParentCompensationRequested',
} as const;
export type StepLogType = (typeof StepLogTypes)[keyof typeof StepLogTypes];
