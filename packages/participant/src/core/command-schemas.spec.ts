import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type StepCommandMessage } from '@saga-coordinator/contracts';
import { SdkReplyError, withCompensateSchemas, withExecuteSchemas } from './command-schemas.js';
import { silentLogger } from './participant-logger.js';
import type { StepContext } from './step-handler.js';
import { StepResult } from './step-result.js';

const ChargeInput = z.object({ input: z.object({ orderId: z.string().min(1), amount: z.number().positive() }) });
const ChargeOutput = z.object({ chargeId: z.string() });
const RefundInput = z.object({ input: z.object({ orderId: z.string() }), output: ChargeOutput.nullable() });

const ctx: StepContext<null> = { tx: null, logger: silentLogger };
const command = (payload: unknown, kind: 'execute' | 'compensate' = 'execute'): StepCommandMessage => ({
  messageId: `00000000-0000-4000-8000-000000000001:charge:${kind}:1`,
  sagaId: '00000000-0000-4000-8000-000000000001',
  step: 'charge',
  participant: 'payment',
  command: 'charge-payment',
  kind,
  attempt: 1,
  payload,
  sentAt: new Date(0).toISOString(),
});

describe('withExecuteSchemas', () => {
  it('hands the handler the parsed payload and sends the checked output', async () => {
    const seen: unknown[] = [];
    const handler = withExecuteSchemas<null>({ input: ChargeInput, output: ChargeOutput }, async (typed) => {
      seen.push(typed.payload);
      return StepResult.succeeded({ chargeId: `c-${typed.payload.input.orderId}`, extra: 'stripped by the schema' });
    });

    const result = await handler(command({ input: { orderId: 'o-1', amount: 5 }, outputs: {} }), ctx);

    expect(seen).toEqual([{ input: { orderId: 'o-1', amount: 5 } }]);
    expect(result).toEqual({ outcome: 'succeeded', output: { chargeId: 'c-o-1' } });
  });

  it('answers failed with invalid-payload and the paths of the issues, without running the handler', async () => {
    let ran = false;
    const handler = withExecuteSchemas<null>({ input: ChargeInput }, async () => {
      ran = true;
      return StepResult.succeeded();
    });

    const result = await handler(command({ input: { orderId: '', amount: 'ten' } }), ctx);

    expect(ran).toBe(false);
    expect(result).toMatchObject({ outcome: 'failed', code: 'invalid-payload' });
    expect(result.outcome === 'failed' && result.message).toMatch(
      /^the command payload does not match its schema: input\.orderId: .+; input\.amount: /,
    );
  });

  it('throws invalid-output when the handler returns an output its schema refuses, and leaves refusals alone', async () => {
    const bad = withExecuteSchemas<null>({ output: ChargeOutput }, async () => StepResult.succeeded({ chargeId: 42 } as never));
    await expect(bad(command({}), ctx)).rejects.toMatchObject({ name: 'SdkReplyError', code: 'invalid-output' });

    const refusing = withExecuteSchemas<null>({ output: ChargeOutput }, async () => StepResult.failed('payment-declined', 'no'));
    expect(await refusing(command({}), ctx)).toEqual({ outcome: 'failed', code: 'payment-declined', message: 'no' });
  });
});

describe('withCompensateSchemas', () => {
  it('hands the handler the parsed payload', async () => {
    const seen: unknown[] = [];
    const handler = withCompensateSchemas<null>({ input: RefundInput }, async (typed) => {
      seen.push(typed.payload.output?.chargeId ?? null);
      return StepResult.compensated();
    });

    expect(await handler(command({ input: { orderId: 'o' }, output: { chargeId: 'c' } }, 'compensate'), ctx)).toEqual({ outcome: 'compensated' });
    expect(seen).toEqual(['c']);
  });

  it('throws invalid-payload (an error reply: a compensation cannot be refused) without running the handler', async () => {
    let ran = false;
    const handler = withCompensateSchemas<null>({ input: RefundInput }, async () => {
      ran = true;
      return StepResult.compensated();
    });

    const error = await handler(command({ input: {} }, 'compensate'), ctx).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SdkReplyError);
    expect(error).toMatchObject({ code: 'invalid-payload' });
    expect(ran).toBe(false);
  });
});
