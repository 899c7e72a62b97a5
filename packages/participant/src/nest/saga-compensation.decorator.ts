import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { CompensateSchemas, PayloadOf } from '../core/command-schemas.js';
import type { CompensateHandler } from '../core/step-handler.js';
import { SagaHandlerMetadata } from './saga-handler-metadata.js';
import type { TypedMethodDecorator } from './saga-step.decorator.js';

/**
 * Marks a provider method as the handler of a compensation command. Only records metadata: the
 * `ParticipantModule` explorer registers the method at bootstrap. The method has the
 * `CompensateHandler` signature: `(command, ctx) => Promise<CompensatedResult>`. With a schema
 * (`{ input }`), the payload (`{ input, output }`) is checked and typed as with
 * `participant.compensate(command, schemas, handler)`.
 */
export function SagaCompensation(command: string): MethodDecorator;
export function SagaCompensation<Input extends StandardSchemaV1 | undefined = undefined>(
  command: string,
  schemas: CompensateSchemas<Input>,
  /* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
): TypedMethodDecorator<CompensateHandler<any, PayloadOf<Input>>>;
/* eslint-enable @typescript-eslint/no-explicit-any */
export function SagaCompensation(command: string, schemas?: CompensateSchemas<StandardSchemaV1 | undefined>): MethodDecorator {
  return schemas === undefined
    ? SetMetadata(SagaHandlerMetadata.compensation, command)
    : applyDecorators(SetMetadata(SagaHandlerMetadata.compensation, command), SetMetadata(SagaHandlerMetadata.schemas, schemas));
}
