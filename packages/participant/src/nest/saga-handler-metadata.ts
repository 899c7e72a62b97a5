/** Reflect-metadata keys the decorators write and the explorer reads. */
export const SagaHandlerMetadata = {
  /** On a method: the `execute` command it handles. */
  step: 'saga-participant:step',
  /** On a method: the compensation command it handles. */
  compensation: 'saga-participant:compensation',
} as const;
export type SagaHandlerMetadataKey = (typeof SagaHandlerMetadata)[keyof typeof SagaHandlerMetadata];
