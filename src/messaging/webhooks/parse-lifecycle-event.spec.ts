import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseLifecycleEvent } from './parse-lifecycle-event.js';

const event = {
  eventId: 'e-1',
  sagaId: randomUUID(),
  definition: 'order',
  definitionVersion: 1,
  event: 'compensated',
  status: 'COMPENSATED',
  previousStatus: 'COMPENSATING',
  occurredAt: '2026-12-07T07:00:00.000Z',
  parentSagaId: null,
};

function parse(body: unknown, properties: { type?: string; messageId?: string | undefined } = {}) {
  const { type = 'saga.StatusChanged', messageId = 'e-1' } = properties;
  return parseLifecycleEvent({
    content: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    type,
    messageId: 'messageId' in properties ? properties.messageId : messageId,
  });
}

describe(parseLifecycleEvent.name, () => {
  it('takes a contract-shaped event and drops fields it does not know', () => {
    expect(parse({ ...event, addedLater: true })).toEqual({ kind: 'event', messageId: 'e-1', event });
  });

  it('names the reason of a malformed event', () => {
    expect(parse(event, { type: 'saga.StepReply' })).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('type') });
    expect(parse(event, { messageId: undefined })).toMatchObject({ kind: 'malformed', reason: 'messageId is missing' });
    expect(parse(event, { messageId: 'e-2' })).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('eventId') });
    expect(parse('{nope')).toMatchObject({ kind: 'malformed', reason: 'body is not JSON' });
    expect(parse({ ...event, event: 'exploded' })).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('event') });
    expect(parse({ ...event, pad: 'x'.repeat(70_000) })).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('larger') });
  });
});
