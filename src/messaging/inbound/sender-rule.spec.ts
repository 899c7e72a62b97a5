import { describe, expect, it } from 'vitest';
import { Topology } from '@saga-coordinator/contracts';
import type { ParsedInboundMessage } from './parse-inbound-message.js';
import { checkSender } from './sender-rule.js';

const reply = { kind: 'reply', reply: {} } as Extract<ParsedInboundMessage, { kind: 'reply' }>;
const childFinished = { kind: 'coordinator', message: { type: 'child-finished', message: {} } } as Extract<
  ParsedInboundMessage,
  { kind: 'coordinator' }
>;
const coordinatorUser = 'saga-coordinator';

describe(checkSender.name, () => {
  it('passes on the verified broker user of a reply, whatever the exchange', () => {
    expect(checkSender(reply, { exchange: Topology.repliesExchange, userId: 'inventory' }, coordinatorUser)).toEqual({
      kind: 'verified',
      brokerUser: 'inventory',
    });
  });

  it.each([undefined, ''])('refuses any message without a user-id (%s): the broker verified no sender', (userId) => {
    expect(checkSender(reply, { exchange: Topology.repliesExchange, userId }, coordinatorUser)).toMatchObject({
      kind: 'rejected',
      refusal: 'unverified-sender',
    });
  });

  it("accepts a parent ↔ child message only through the coordinator's exchange and from its user", () => {
    expect(checkSender(childFinished, { exchange: Topology.coordinatorExchange, userId: coordinatorUser }, coordinatorUser).kind).toBe('verified');
    expect(checkSender(childFinished, { exchange: Topology.repliesExchange, userId: coordinatorUser }, coordinatorUser)).toEqual({
      kind: 'rejected',
      reason: 'saga.ChildSagaFinished is accepted only through exchange saga.coordinator, not saga.replies',
      refusal: 'not-coordinator',
    });
    expect(checkSender(childFinished, { exchange: '', userId: coordinatorUser }, coordinatorUser)).toMatchObject({ refusal: 'not-coordinator' });
    expect(checkSender(childFinished, { exchange: Topology.coordinatorExchange, userId: 'inventory' }, coordinatorUser)).toEqual({
      kind: 'rejected',
      reason: "saga.ChildSagaFinished is accepted only from the coordinator's broker user, not inventory",
      refusal: 'not-coordinator',
    });
  });
});
