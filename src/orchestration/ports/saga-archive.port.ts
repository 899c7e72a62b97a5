/**
 * Where finished sagas go before retention deletes them. Housekeeping calls `archive` with a
 * batch of finished saga ids, and deletes them only after it resolves: an implementation must
 * have made the batch durable by then (a crash between the two archives a batch again, so a
 * reader keeps the last copy of a saga it meets twice).
 *
 * The file implementation writes compressed JSON Lines; object storage is another implementation.
 */
export abstract class SagaArchive {
  /** False for the implementation that archives nothing (no archive configured). */
  abstract readonly enabled: boolean;
  abstract archive(sagaIds: readonly string[]): Promise<void>;
}

/** No archive configured: retention deletes without keeping a copy. */
export class NoSagaArchive extends SagaArchive {
  readonly enabled = false;
  async archive(): Promise<void> {}
}
