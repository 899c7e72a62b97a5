import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageTypes } from '@saga-coordinator/contracts';
import { MaxInboundMessageBytes, parseInboundMessage } from './parse-inbound-message.js';

const sagaId = '0190f3c2-6a4e-7cc0-8f1e-2d3c4b5a6978';
const reply = {
  messageId: `${sagaId}:reserve-inventory:execute:1:reply`,
  inReplyTo: `${sagaId}:reserve-inventory:execute:1`,
  sagaId,
  step: 'reserve-inventory',
  participant: 'inventory',
  kind: 'execute',
  attempt: 1,
  outcome: 'succeeded',
  output: { reservationId: 'r-1' },
  repliedAt: '2026-11-22T03:00:00.000Z',
};
const envelope = (body: unknown, overrides: Partial<Parameters<typeof parseInboundMessage>[0]> = {}) => ({
  content: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  routingKey: 'reply',
  type: MessageTypes.stepReplied,
  ...overrides,
});

describe(parseInboundMessage.name, () => {
  it('accepts a well-formed step reply', () => {
    expect(parseInboundMessage(envelope(reply))).toEqual({ kind: 'reply', reply });
  });

  it('infers the type from the routing key when the type property is missing', () => {
    expect(parseInboundMessage(envelope(reply, { type: undefined })).kind).toBe('reply');
  });

  it('rejects a body that is not JSON, saying so', () => {
    expect(parseInboundMessage(envelope('{"truncated":'))).toEqual({ kind: 'malformed', reason: 'body is not valid JSON' });
  });

  it('rejects a reply without ids, naming the missing field', () => {
    const { sagaId: _omitted, ...withoutSagaId } = reply;
    const parsed = parseInboundMessage(envelope(withoutSagaId));
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toContain('/sagaId');
  });

  it('rejects an unknown message type', () => {
    const parsed = parseInboundMessage(envelope(reply, { type: 'saga.Unknown', routingKey: 'other' }));
    expect(parsed).toEqual({ kind: 'malformed', reason: 'unknown message type "saga.Unknown"' });
  });

  it('rejects an AMQP message id that contradicts the body', () => {
    expect(parseInboundMessage(envelope(reply, { messageId: 'something-else' })).kind).toBe('malformed');
  });

  it('rejects an oversized message without parsing it', () => {
    const parsed = parseInboundMessage({ ...envelope(reply), content: Buffer.alloc(MaxInboundMessageBytes + 1, 0x20) });
    expect(parsed.kind === 'malformed' && parsed.reason).toContain('exceeds');
  });

  describe('holds a reply to the JSON guards of HTTP bodies, before anything is retried', () => {
    const withOutput = (outputJson: string) => JSON.stringify(reply).replace('{"reservationId":"r-1"}', outputJson);

    it.each([
      ['U+0000 in a string', withOutput('{"note":"a\\u0000b"}'), 'invalid-json-string at /output/note'],
      ['a lone surrogate', withOutput('{"note":"\\ud800"}'), 'invalid-json-string at /output/note'],
      ['a number beyond IEEE range', withOutput('{"amount":1e400}'), 'json-number-out-of-range at /output/amount'],
      ['a prototype key', withOutput('{"__proto__":{"polluted":true}}'), 'forbidden-json-key at /output/__proto__'],
      ['100,000 levels of nesting', withOutput('['.repeat(100_000) + ']'.repeat(100_000)), 'json-too-deep'],
    ])('dead-letters %s with the rule and where', (_what, text, reason) => {
      const parsed = parseInboundMessage(envelope(text));
      expect(parsed.kind).toBe('malformed');
      expect(parsed.kind === 'malformed' && parsed.reason).toContain(reason);
    });

    it('dead-letters invalid UTF-8 instead of reading it as U+FFFD', () => {
      const text = Buffer.from(withOutput('{"note":"XX"}'));
      const at = text.indexOf('XX');
      text[at] = 0xc3; // a two-byte sequence cut short
      expect(parseInboundMessage({ ...envelope(reply), content: text })).toEqual({
        kind: 'malformed',
        reason: 'malformed-json: The JSON text is not valid UTF-8.',
      });
    });
  });

  it('never throws, whatever the bytes, type and routing key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.option(fc.string()), fc.string(), (bytes, type, routingKey) => {
        const parsed = parseInboundMessage({ content: Buffer.from(bytes), type: type ?? undefined, routingKey });
        expect(['reply', 'announcement', 'malformed']).toContain(parsed.kind);
      }),
    );
  });
});
