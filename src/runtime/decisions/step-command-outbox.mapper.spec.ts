import { describe, expect, it } from 'vitest';
import { StepCommandMessage } from '@saga-coordinator/contracts';
import { stepCommandOutboxMessage } from './step-command-outbox.mapper.js';

describe(stepCommandOutboxMessage.name, () => {
  const sagaId = '0190a000-0000-7000-8000-000000000001';
  const now = '2026-11-22T10:00:00.000Z';

  it('builds a wire-valid command with its deterministic id, routing key, headers and deadline', () => {
    const sut = stepCommandOutboxMessage(
      sagaId,
      {
        step: 'charge-payment',
        participant: 'payment',
        command: 'refund-payment',
        kind: 'compensate',
        attempt: 2,
        payload: { x: 1 },
        timeoutMs: 1500,
      },
      now,
    );

    expect(sut).toEqual({
      messageId: `${sagaId}:charge-payment:compensate:2`,
      exchange: 'saga.commands',
      routingKey: 'payment.refund-payment',
      type: 'saga.CompensateStep',
      correlationId: sagaId,
      headers: {
        'x-saga-id': sagaId,
        'x-saga-step': 'charge-payment',
        'x-saga-attempt': 2,
        'x-saga-participant': 'payment',
        'x-saga-protocol-version': 1,
      },
      payload: expect.objectContaining({ deadline: '2026-11-22T10:00:01.500Z', sentAt: now, payload: { x: 1 } }),
    });
    expect(StepCommandMessage.safeParse(sut.payload).success).toBe(true);
  });

  it('marks execute commands as ExecuteStep', () => {
    const sut = stepCommandOutboxMessage(
      sagaId,
      { step: 's', participant: 'p', command: 'c', kind: 'execute', attempt: 1, payload: null, timeoutMs: 1 },
      now,
    );
    expect(sut.type).toBe('saga.ExecuteStep');
  });
});
