/** The mutating API calls the audit log records. */
export const AuditActions = {
  /** `POST /v1/sagas`. */
  SagaStart: 'saga.start',
  /** An operator cancels a running saga. */
  SagaCancel: 'saga.cancel',
  /** An operator retries a saga waiting after a failed compensation. */
  SagaRetry: 'saga.retry',
  /** An operator marks a step resolved (with a reason). */
  SagaResolve: 'saga.resolve',
  /** An operator or a client sends a signal to a saga. */
  SagaSignal: 'saga.signal',
  /** An operator creates a bulk operation (cancel, retry or resolve every saga a filter matches); each saga acted on gets its own saga.* row. */
  BulkOperationCreate: 'bulk-operation.create',
  /** An operator cancels a bulk operation: its pending items are not acted on. */
  BulkOperationCancel: 'bulk-operation.cancel',
  /** A saga definition is registered. */
  DefinitionRegister: 'definition.register',
  /** An operator removes an announced participant from the directory. */
  ParticipantRemove: 'participant.remove',
  /** A webhook subscription is created. */
  WebhookCreate: 'webhook.create',
  /** A webhook subscription is deleted. */
  WebhookDelete: 'webhook.delete',
  /** An operator enables a (disabled) webhook subscription again. */
  WebhookEnable: 'webhook.enable',
} as const;
export type AuditAction = (typeof AuditActions)[keyof typeof AuditActions];

/** Every action, for allowlists (query filters). */
export const AllAuditActions: readonly AuditAction[] = Object.values(AuditActions);
