import { describe, expect, it } from 'vitest';
import { MessageTypes, Topology } from '@saga-coordinator/contracts';
import { childFinishedOutboxMessage, childSagaId, compensateChildOutboxMessage } from './child-saga-messages.mapper.js';

const parent = '0190f3c2-6a4e-7cc0-8f1e-2d3c4b5a6978';
const now = '2026-11-22T03:00:00.000Z';

describe(childSagaId.name, () => {
  it('derives the same uuid for the same parent and node, and different ones otherwise', () => {
    expect(childSagaId(parent, 'pay')).toBe(childSagaId(parent, 'pay'));
    expect(childSagaId(parent, 'pay')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set([childSagaId(parent, 'pay'), childSagaId(parent, 'ship'), childSagaId('0190f3c2-6a4e-7cc0-8f1e-2d3c4b5a6979', 'pay')]).size).toBe(
      3,
    );
  });
});

describe('child saga outbox messages', () => {
  it('sends a compensate request to the coordinator exchange with a deterministic id per reason and attempt', () => {
    const message = compensateChildOutboxMessage(parent, { step: 'pay', reason: 'compensate', attempt: 2 }, now);
    expect([message.exchange, message.routingKey, message.type, message.messageId]).toEqual([
      Topology.coordinatorExchange,
      Topology.compensateChildRoutingKey,
      MessageTypes.compensateChildSaga,
      `${parent}:pay:compensate-child:2`,
    ]);
    expect(compensateChildOutboxMessage(parent, { step: 'pay', reason: 'cancel', attempt: 1 }, now).messageId).toBe(`${parent}:pay:cancel-child`);
  });

  it("tells the parent with an id per notice, correlated by the parent's id", () => {
    const child = childSagaId(parent, 'pay');
    const message = childFinishedOutboxMessage(
      child,
      { parentSagaId: parent, step: 'pay', status: 'COMPLETED', sequence: 3, output: { ok: 1 } },
      now,
    );
    expect([message.exchange, message.routingKey, message.messageId, message.correlationId]).toEqual([
      Topology.coordinatorExchange,
      Topology.childFinishedRoutingKey,
      `${child}:finished:3`,
      parent,
    ]);
  });
});
