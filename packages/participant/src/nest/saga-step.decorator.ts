import { SetMetadata } from '@nestjs/common';
import { SagaHandlerMetadata } from './saga-handler-metadata.js';

/**
 * Marks a provider method as the handler of an `execute` command. Only records metadata: the
 * `ParticipantModule` explorer registers the method at bootstrap. The method has the
 * `ExecuteHandler` signature: `(command, ctx) => Promise<ExecuteResult>`.
 *
 * @example
 * ```ts
 * @SagaStep('create-shipment')
 * async create(command: StepCommandMessage, ctx: StepContext) { … return StepResult.succeeded({ shipmentId }); }
 * ```
 */
export const SagaStep = (command: string): MethodDecorator => SetMetadata(SagaHandlerMetadata.step, command);
