import { describe, expect, it } from 'vitest';
import { MessageHeaders, MessageTypes, type StepCommandMessage, StepReplyMessage } from '@saga-coordinator/contracts';
import { buildStepReply, replyOutcomeOf, replyPublishOptions } from './step-reply.util.js';

const command: StepCommandMessage = {
  messageId: '6f1c3a52-8a1e-4a4e-9d47-0e8b8c9b7a10:reserve:execute:2',
  sagaId: '6f1c3a52-8a1e-4a4e-9d47-0e8b8c9b7a10',
  step: 'reserve',
  participant: 'inventory',
  command: 'reserve-inventory',
  kind: 'execute',
  attempt: 2,
  payload: {},
  sentAt: '2026-11-02T10:00:00.000Z',
};
const now = new Date('2026-11-02T10:00:01.000Z');

describe(buildStepReply.name, () => {
  it('addresses the reply to the command being answered, with a schema-valid body', () => {
    const reply = buildStepReply(command, { outcome: 'succeeded', output: { id: 7 } }, now);

    expect(StepReplyMessage.parse(reply)).toEqual(reply);
    expect(reply).toMatchObject({ messageId: `${command.messageId}:reply`, inReplyTo: command.messageId, attempt: 2, output: { id: 7 } });
  });

  it("reports when handling started and echoes the command's sentAt for the schedule-to-start metric", () => {
    const startedAt = new Date('2026-11-02T10:00:00.250Z');
    const reply = buildStepReply(command, { outcome: 'succeeded', output: null }, now, startedAt);

    expect(reply).toMatchObject({ startedAt: '2026-11-02T10:00:00.250Z', commandSentAt: command.sentAt, repliedAt: now.toISOString() });
    expect(StepReplyMessage.parse(reply)).toEqual(reply);
  });

  it('carries the failure of a refused step and no output', () => {
    const reply = buildStepReply(command, { outcome: 'failed', failure: { code: 'out-of-stock', message: '' } }, now);

    expect(reply.failure).toEqual({ code: 'out-of-stock', message: '' });
    expect('output' in reply).toBe(false);
  });
});

describe(replyOutcomeOf.name, () => {
  it('answers a tombstone with compensated', () => {
    expect(replyOutcomeOf('nothing-to-undo')).toBe('compensated');
  });
});

describe(replyPublishOptions.name, () => {
  it('publishes persistent, mandatory, with ids, type and saga headers, passing the trace context through', () => {
    const reply = buildStepReply(command, { outcome: 'compensated' }, now);
    const options = replyPublishOptions(reply, { traceparent: '00-abc-def-01', 'x-other': 'dropped' }, 'inventory');

    expect(options).toMatchObject({
      persistent: true,
      mandatory: true,
      messageId: reply.messageId,
      correlationId: command.messageId,
      type: MessageTypes.stepReplied,
    });
    expect(options.headers).toEqual({
      [MessageHeaders.sagaId]: command.sagaId,
      [MessageHeaders.step]: 'reserve',
      [MessageHeaders.attempt]: 2,
      [MessageHeaders.participant]: 'inventory',
      [MessageHeaders.protocolVersion]: 1,
      [MessageHeaders.traceparent]: '00-abc-def-01',
    });
  });
});
