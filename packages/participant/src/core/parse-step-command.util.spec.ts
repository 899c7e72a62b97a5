import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { StepCommandMessage } from '@saga-coordinator/contracts';
import { parseStepCommand } from './parse-step-command.util.js';
import type { CommandExpectations } from './parse-step-command.util.js';

const expectations: CommandExpectations = {
  participant: 'inventory',
  maxMessageBytes: 10_000,
  isRegistered: (kind, command) => kind === 'execute' && command === 'reserve-inventory',
};

const valid: StepCommandMessage = {
  messageId: '6f1c3a52-8a1e-4a4e-9d47-0e8b8c9b7a10:reserve:execute:1',
  sagaId: '6f1c3a52-8a1e-4a4e-9d47-0e8b8c9b7a10',
  step: 'reserve',
  participant: 'inventory',
  command: 'reserve-inventory',
  kind: 'execute',
  attempt: 1,
  payload: { input: {} },
  sentAt: '2026-11-02T10:00:00.000Z',
};

const bytes = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const reasonOf = (content: Buffer, messageId?: string): string | undefined => {
  const parsed = parseStepCommand(content, messageId, expectations);
  return parsed.ok ? undefined : parsed.rejection.reason;
};

describe(parseStepCommand.name, () => {
  it('accepts a valid command for a registered handler', () => {
    expect(parseStepCommand(bytes(valid), valid.messageId, expectations)).toEqual({ ok: true, command: valid });
  });

  it('refuses an oversized body before reading it', () => {
    expect(reasonOf(Buffer.alloc(10_001, 0x7b))).toBe('oversized');
  });

  it('refuses a body that is not JSON, or not UTF-8', () => {
    expect(reasonOf(bytes('{nope'))).toBe('not-json');
    expect(reasonOf(Buffer.from([0x22, 0xff, 0x22]))).toBe('not-json');
  });

  it('refuses JSON without the ids needed to reply', () => {
    expect(reasonOf(bytes([1, 2]))).toBe('missing-ids');
    expect(reasonOf(bytes({ ...valid, sagaId: undefined }))).toBe('missing-ids');
  });

  it('refuses a command that breaks the schema, naming the field', () => {
    const parsed = parseStepCommand(bytes({ ...valid, attempt: 0 }), undefined, expectations);
    expect(parsed).toMatchObject({ ok: false, rejection: { reason: 'invalid-schema' } });
    expect(parsed.ok ? '' : parsed.rejection.detail).toContain('attempt');
  });

  it('refuses a command whose AMQP message id disagrees with its body', () => {
    expect(reasonOf(bytes(valid), 'other-id')).toBe('message-id-mismatch');
  });

  it('refuses a command addressed to another participant', () => {
    expect(reasonOf(bytes({ ...valid, participant: 'payment' }))).toBe('wrong-participant');
  });

  it('refuses a command without a registered handler of its kind', () => {
    expect(reasonOf(bytes({ ...valid, command: 'shred' }))).toBe('unknown-command');
    expect(reasonOf(bytes({ ...valid, kind: 'compensate' }))).toBe('unknown-command');
  });

  test.prop([fc.uint8Array({ maxLength: 2000 })])('never throws, whatever the bytes', (raw) => {
    expect(() => parseStepCommand(Buffer.from(raw), undefined, expectations)).not.toThrow();
  });
});
