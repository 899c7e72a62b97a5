import { SetMetadata } from '@nestjs/common';
import { SagaHandlerMetadata } from './saga-handler-metadata.js';

/**
 * Marks a provider method as the handler of a compensation command. Only records metadata: the
 * `ParticipantModule` explorer registers the method at bootstrap. The method has the
 * `CompensateHandler` signature: `(command, ctx) => Promise<CompensatedResult>`.
 */
export const SagaCompensation = (command: string): MethodDecorator => SetMetadata(SagaHandlerMetadata.compensation, command);
