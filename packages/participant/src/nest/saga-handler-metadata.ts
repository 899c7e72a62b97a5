/** Reflect-metadata keys the decorators write and the explorer reads. */
export const SagaHandlerMetadata = {
  /** On a method: the `execute` command it handles. */
  step: 'saga-participant:step',
  /** On a method: the compensation command it handles. */
  compensation: 'saga-participant:compensation',
  /** On a method: the schemas its command was declared with (`{ input, output }`), if any. */
  schemas: 'saga-participant:schemas',
} as const;
export type SagaHandlerMetadataKey = (typeof SagaHandlerMetadata)[keyof typeof SagaHandlerMetadata];
