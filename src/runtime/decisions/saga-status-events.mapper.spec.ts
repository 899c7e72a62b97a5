import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SagaStatusChanged } from '@saga-coordinator/contracts';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import { type SagaStatus, SagaStatuses } from '../../saga-engine/state/saga-status.js';
import { lifecycleEventOf, statusChangedOutboxMessages } from './saga-status-events.mapper.js';

const sagaId = '0190a000-0000-7000-8000-000000000001';
const parentId = '0190a000-0000-7000-8000-000000000002';
const now = '2026-11-22T10:00:00.000Z';
const saga = { sagaId, definition: 'order', definitionVersion: 3 };
const state = (status: SagaStatus, extra: Partial<SagaState> = {}): SagaState => ({ status, input: {}, steps: {}, completionOrder: [], ...extra });

describe(lifecycleEventOf.name, () => {
  it('names each status change and none when the status stays', () => {
    expect(lifecycleEventOf(undefined, state('RUNNING'))).toBe('started');
    expect(lifecycleEventOf('RUNNING', state('COMPLETED'))).toBe('completed');
    expect(lifecycleEventOf('RUNNING', state('COMPENSATING', { failure: { reason: 'step-failed', step: 'pay' } }))).toBe('compensating');
    expect(lifecycleEventOf('RUNNING', state('COMPENSATING', { failure: { reason: 'cancelled', by: 'ops' } }))).toBe('cancelled');
    expect(lifecycleEventOf('COMPENSATING', state('COMPENSATED'))).toBe('compensated');
    expect(lifecycleEventOf('COMPENSATING', state('COMPENSATION_FAILED'))).toBe('compensation-failed');
    expect(lifecycleEventOf('COMPENSATION_FAILED', state('COMPENSATING'))).toBe('compensating');
    expect(lifecycleEventOf('RUNNING', state('RUNNING'))).toBeUndefined();
  });
});

describe(statusChangedOutboxMessages.name, () => {
  it('writes `started` for a new saga: a wire-valid event to saga.events, keyed by definition and event', () => {
    const [sut, ...rest] = statusChangedOutboxMessages(
      { ...saga },
      undefined,
      state('RUNNING', { parent: { sagaId: parentId, step: 'pay' } }),
      2,
      now,
    );

    expect(rest).toEqual([]);
    expect(sut).toMatchObject({
      messageId: `${sagaId}:started`,
      exchange: 'saga.events',
      routingKey: 'order.started',
      type: 'saga.StatusChanged',
      correlationId: sagaId,
      headers: { 'x-saga-id': sagaId, 'x-saga-protocol-version': expect.any(Number) },
    });
    expect(SagaStatusChanged.parse(sut!.payload)).toEqual({
      eventId: `${sagaId}:started`,
      sagaId,
      definition: 'order',
      definitionVersion: 3,
      event: 'started',
      status: 'RUNNING',
      previousStatus: null,
      occurredAt: now,
      parentSagaId: parentId,
    });
  });

  it('carries why the saga turned back, and the failed compensation once it gives up', () => {
    const failure = { reason: 'step-failed', step: 'ship', error: { kind: 'business', code: 'destination-refused', message: 'AQ' } } as const;
    const [compensating] = statusChangedOutboxMessages(saga, state('RUNNING'), state('COMPENSATING', { failure }), 7, now);
    expect(compensating?.payload).toMatchObject({
      eventId: `${sagaId}:status:7`,
      event: 'compensating',
      previousStatus: 'RUNNING',
      failure: { code: 'destination-refused', message: 'AQ' },
    });

    const stuck = state('COMPENSATION_FAILED', {
      failure,
      steps: {
        pay: {
          status: 'COMPENSATION_FAILED',
          attempt: 1,
          compensation: { attempt: 3, lastError: { kind: 'technical', code: 'bank-down', message: 'x' } },
        },
      },
    });
    const [failed] = statusChangedOutboxMessages(saga, state('COMPENSATING', { failure }), stuck, 12, now);
    expect(failed).toMatchObject({ routingKey: 'order.compensation-failed', payload: { failure: { code: 'bank-down' } } });

    const [cancelled] = statusChangedOutboxMessages(
      saga,
      state('RUNNING'),
      state('COMPENSATING', { failure: { reason: 'cancelled', message: 'customer asked' } }),
      4,
      now,
    );
    expect(cancelled?.payload).toMatchObject({ event: 'cancelled', failure: { code: 'cancelled', message: 'customer asked' } });
  });

  it('writes at most one event per decision of an existing saga, with an id unique per change', () => {
    const statuses = Object.values(SagaStatuses);
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.constantFrom(...statuses), fc.nat(10_000), (from, to, seq) => {
        const messages = statusChangedOutboxMessages(saga, state(from), state(to), seq, now);
        expect(messages).toHaveLength(from === to ? 0 : 1);
        for (const message of messages) {
          const event = SagaStatusChanged.parse(message.payload);
          expect([event.previousStatus, event.status, message.messageId]).toEqual([from, to, `${sagaId}:status:${seq}`]);
          expect(message.routingKey).toBe(`order.${event.event}`);
        }
      }),
    );
  });

  it('gives a saga created already finished `started` first, then its end', () => {
    const messages = statusChangedOutboxMessages(saga, undefined, state('COMPLETED'), 3, now);
    expect(messages.map((m) => [m.messageId, m.routingKey])).toEqual([
      [`${sagaId}:started`, 'order.started'],
      [`${sagaId}:status:3`, 'order.completed'],
    ]);
  });
});
