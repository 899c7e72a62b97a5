/**
 * The NestJS layer of the participant SDK: `ParticipantModule.forRoot` / `forRootAsync` and the
 * `@SagaStep` / `@SagaCompensation` method decorators. The decorators only record metadata; the
 * module finds the decorated methods at bootstrap and registers them on the `Participant`
 * (injectable, exported by `@saga-coordinator/participant`). Needs `@nestjs/common`,
 * `@nestjs/core`, `reflect-metadata` and `rxjs` from the application (peer dependencies), so
 * there is one copy of Nest in the process.
 *
 * @packageDocumentation
 */
export { ParticipantModule } from './participant.module.js';
export { PARTICIPANT_OPTIONS, type ParticipantModuleAsyncOptions } from './participant-module-options.js';
export { SagaCompensation } from './saga-compensation.decorator.js';
export { SagaHandlerMetadata, type SagaHandlerMetadataKey } from './saga-handler-metadata.js';
export { SagaStep } from './saga-step.decorator.js';
