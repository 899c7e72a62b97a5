import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger, type ParticipantLogger } from './participant-logger.js';

/** A pino logger writing JSON lines into `lines`. */
function pinoInto(lines: Record<string, unknown>[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return pino({ base: null }, stream);
}

describe('ParticipantLogger', () => {
  it('accepts a pino logger as it is and keeps every field and the message', () => {
    const lines: Record<string, unknown>[] = [];
    const logger: ParticipantLogger = pinoInto(lines).child({ service: 'payment' });
    logger.warn({ messageId: 'm-1', error: 'broker gone' }, 'reply not confirmed: requeueing the command');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        service: 'payment',
        messageId: 'm-1',
        error: 'broker gone',
        msg: 'reply not confirmed: requeueing the command',
      }),
    ]);
  });
});

describe(createConsoleLogger.name, () => {
  it('writes one JSON line with the participant, the message and the fields', () => {
    const written: string[] = [];
    const original = console.log;
    console.log = (line: string) => void written.push(line);
    try {
      createConsoleLogger('payment').info({ instance: 'host:1' }, 'participant started');
    } finally {
      console.log = original;
    }
    expect(JSON.parse(written[0]!)).toMatchObject({ level: 'info', participant: 'payment', message: 'participant started', instance: 'host:1' });
  });
});
