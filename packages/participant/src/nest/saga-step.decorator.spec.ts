import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StepCommand } from '../core/step-handler.js';
import { type CompensatedResult, type ExecuteResult, StepResult } from '../core/step-result.js';
import { SagaCompensation } from './saga-compensation.decorator.js';
import { SagaHandlerMetadata } from './saga-handler-metadata.js';
import { SagaStep } from './saga-step.decorator.js';

const Input = z.object({ orderId: z.string() });
const Output = z.object({ shipmentId: z.string() });
const schemas = { input: Input, output: Output };

class Steps {
  @SagaStep('create-shipment', schemas)
  async create(command: StepCommand<z.output<typeof Input>>): Promise<ExecuteResult<z.input<typeof Output>>> {
    return StepResult.succeeded({ shipmentId: command.payload.orderId });
  }

  @SagaCompensation('cancel-shipment', { input: Input })
  async cancel(command: StepCommand<z.output<typeof Input>>): Promise<CompensatedResult> {
    void command.payload.orderId;
    return StepResult.compensated();
  }

  @SagaStep('untyped')
  async untyped(): Promise<ExecuteResult> {
    return StepResult.succeeded();
  }
}

/** Methods whose types contradict their schemas: `npm run typecheck` fails if any of them compiles. */
export class Contradicting {
  // @ts-expect-error the payload the schema produces has no numeric orderId
  @SagaStep('wrong-payload', schemas)
  async wrongPayload(command: StepCommand<{ orderId: number }>): Promise<ExecuteResult<z.input<typeof Output>>> {
    return StepResult.succeeded({ shipmentId: String(command.payload.orderId) });
  }

  // @ts-expect-error the output schema wants a string shipmentId
  @SagaStep('wrong-output', schemas)
  async wrongOutput(): Promise<ExecuteResult<{ shipmentId: number }>> {
    return StepResult.succeeded({ shipmentId: 1 });
  }

  // @ts-expect-error a compensation returns StepResult.compensated()
  @SagaCompensation('wrong-result', { input: Input })
  async wrongResult(): Promise<ExecuteResult> {
    return StepResult.succeeded();
  }
}

describe('@SagaStep and @SagaCompensation', () => {
  it('record the command and, when given, the schemas the explorer registers with', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read for its metadata, never called
    const metadata = (key: string, method: keyof Steps): unknown => Reflect.getMetadata(key, Steps.prototype[method]);

    expect(metadata(SagaHandlerMetadata.step, 'create')).toBe('create-shipment');
    expect(metadata(SagaHandlerMetadata.schemas, 'create')).toBe(schemas);
    expect(metadata(SagaHandlerMetadata.compensation, 'cancel')).toBe('cancel-shipment');
    expect(metadata(SagaHandlerMetadata.schemas, 'cancel')).toEqual({ input: Input });
    expect(metadata(SagaHandlerMetadata.step, 'untyped')).toBe('untyped');
    expect(metadata(SagaHandlerMetadata.schemas, 'untyped')).toBeUndefined();
  });
});
