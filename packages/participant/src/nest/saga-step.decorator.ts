import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ExecuteSchemas, OutputOf, PayloadOf } from '../core/command-schemas.js';
import type { ExecuteHandler } from '../core/step-handler.js';
import { SagaHandlerMetadata } from './saga-handler-metadata.js';

/**
 * A method decorator that also checks the method's type: with schemas, the method must accept
 * the payload the `input` schema produces and return the output the `output` schema accepts.
 */
export type TypedMethodDecorator<Handler> = <Method extends Handler>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<Method>,
) => void;

/**
 * Marks a provider method as the handler of an `execute` command. Only records metadata: the
 * `ParticipantModule` explorer registers the method at bootstrap. The method has the
 * `ExecuteHandler` signature: `(command, ctx) => Promise<ExecuteResult>`. With schemas
 * (`{ input, output }`, any Standard Schema such as zod), the payload is checked and typed as
 * with `participant.handle(command, schemas, handler)`.
 *
 * @example
 * ```ts
 * @SagaStep('create-shipment', { input: ShipmentInput, output: ShipmentOutput })
 * async create(command: StepCommand<z.infer<typeof ShipmentInput>>, ctx: StepContext) { … return StepResult.succeeded({ shipmentId }); }
 * ```
 */
export function SagaStep(command: string): MethodDecorator;
export function SagaStep<Input extends StandardSchemaV1 | undefined = undefined, Output extends StandardSchemaV1 | undefined = undefined>(
  command: string,
  schemas: ExecuteSchemas<Input, Output>,
  /* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
): TypedMethodDecorator<ExecuteHandler<any, PayloadOf<Input>, OutputOf<Output>>>;
/* eslint-enable @typescript-eslint/no-explicit-any */
export function SagaStep(command: string, schemas?: ExecuteSchemas<StandardSchemaV1 | undefined, StandardSchemaV1 | undefined>): MethodDecorator {
  return schemas === undefined
    ? SetMetadata(SagaHandlerMetadata.step, command)
    : applyDecorators(SetMetadata(SagaHandlerMetadata.step, command), SetMetadata(SagaHandlerMetadata.schemas, schemas));
}
