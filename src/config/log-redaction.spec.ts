import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactCredentialsHook, RedactedLogPaths, redactQueryString, redactUrlCredentials } from './log-redaction.js';

/** A pino logger configured like the app's, writing its JSON lines into an array. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ redact: RedactedLogPaths, hooks: { logMethod: redactCredentialsHook } }, stream);
  return { logger, lines };
}

describe(redactUrlCredentials.name, () => {
  it('hides the password of database and broker URLs and keeps the rest', () => {
    expect(redactUrlCredentials('connect postgres://saga:s3cret@db:5432/saga failed; amqp://guest:guest@mq:5672/%2F')).toBe(
      'connect postgres://saga:***@db:5432/saga failed; amqp://guest:***@mq:5672/%2F',
    );
  });

  it('leaves URLs without credentials alone', () => {
    expect(redactUrlCredentials('see http://localhost:3000/docs')).toBe('see http://localhost:3000/docs');
  });
});

describe(redactCredentialsHook.name, () => {
  it('keeps credentials out of messages, errors and fields of every line', () => {
    const { logger, lines } = capturingLogger();

    logger.error(new Error('getaddrinfo ENOTFOUND amqp://coordinator:hunter2@rabbit'));
    logger.warn({ url: 'postgres://app:pa55@db/app' }, 'pool error on postgres://app:pa55@db/app');
    logger.info({ req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'sk_live_1' } }, config: { databaseUrl: 'postgres://x' } }, 'request');

    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/hunter2|pa55|Bearer abc|sk_live_1|postgres:\/\/x/);
    expect(lines[2]).toMatchObject({ req: { headers: { authorization: '[Redacted]', 'x-api-key': '[Redacted]' } } });
  });

  it('logs cyclic objects such as requests without walking into them', () => {
    const { logger, lines } = capturingLogger();
    const req: Record<string, unknown> = { method: 'GET', url: '/v1/sagas' };
    req.socket = { parent: req };

    logger.info({ req: { method: req.method, url: req.url }, raw: req }, 'request completed');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ req: { method: 'GET' }, msg: 'request completed' });
  });
});

describe(redactQueryString.name, () => {
  it('hides every value and keeps the names, the path and valueless flags', () => {
    expect(redactQueryString('/v1/sagas?api_key=sk_1&status=RUNNING&flag&empty=')).toBe(
      '/v1/sagas?api_key=[REDACTED]&status=[REDACTED]&flag&empty=[REDACTED]',
    );
  });

  it('leaves a URL without a query string as it is', () => {
    expect(redactQueryString('/v1/sagas/counts')).toBe('/v1/sagas/counts');
  });
});
