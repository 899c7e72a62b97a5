import { describe, expect, it } from 'vitest';
import { ChildSagaFinishedMessage, CompensateChildSagaMessage, MessageTypes, Topology } from '@saga-coordinator/contracts';
import { childFinishedOutboxMessage, childSagaId, compensateChildOutboxMessage } from '../../runtime/children/child-saga-messages.mapper.js';
import { parseInboundMessage } from './parse-inbound-message.js';

const parent = '0190f3c2-6a4e-7cc0-8f1e-2d3c4b5a6978';
const now = '2026-11-22T03:00:00.000Z';

describe(`${parseInboundMessage.name} of parent ↔ child saga messages`, () => {
  it('reads back the compensate request the coordinator writes to its outbox', () => {
    const message = compensateChildOutboxMessage(parent, { step: 'pay', reason: 'compensate', attempt: 2 }, now);
    const parsed = parseInboundMessage({
      content: Buffer.from(JSON.stringify(message.payload)),
      routingKey: message.routingKey,
      type: message.type,
      messageId: message.messageId,
    });
    expect(parsed).toEqual({
      kind: 'coordinator',
      message: { type: 'compensate-child', message: CompensateChildSagaMessage.parse(message.payload) },
    });
  });

  it('reads back a child-finished notice by its routing key alone', () => {
    const message = childFinishedOutboxMessage(
      childSagaId(parent, 'pay'),
      { parentSagaId: parent, step: 'pay', status: 'COMPLETED', sequence: 1, output: { ok: 1 } },
      now,
    );
    const parsed = parseInboundMessage({
      content: Buffer.from(JSON.stringify(message.payload)),
      routingKey: message.routingKey,
      messageId: message.messageId,
    });
    expect(parsed).toEqual({ kind: 'coordinator', message: { type: 'child-finished', message: ChildSagaFinishedMessage.parse(message.payload) } });
  });

  it('refuses a child message that breaks its contract, with the reason (dead-lettered by the consumer)', () => {
    const parsed = parseInboundMessage({
      content: Buffer.from(JSON.stringify({ messageId: 'x', parentSagaId: 'not-a-uuid' })),
      routingKey: Topology.childFinishedRoutingKey,
      type: MessageTypes.childSagaFinished,
    });
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toMatch(/^invalid saga\.ChildSagaFinished: \/parentSagaId: /);
  });
});
