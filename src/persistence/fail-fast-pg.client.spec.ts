import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FailFastPgClient, isQueryReadTimeout, queryReadTimeoutMs } from './fail-fast-pg.client.js';

describe(queryReadTimeoutMs.name, () => {
  it('waits longer than the server-side statement_timeout, so the server cancels slow statements first', () => {
    expect(queryReadTimeoutMs(2_000)).toBe(7_000);
    expect(queryReadTimeoutMs(undefined)).toBe(20_000);
  });
});

describe(FailFastPgClient.name, () => {
  it('drops its socket when a query gets no answer within query_timeout', async () => {
    // A "server" that accepts the startup and then never says a word: a half-open connection.
    const closed: Promise<unknown>[] = [];
    const server = createServer((socket: Socket) => {
      socket.on('error', () => undefined);
      socket.resume();
      closed.push(once(socket, 'close'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const client = new FailFastPgClient({ host: '127.0.0.1', port, user: 'x', database: 'x', query_timeout: 200 });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    // Never answered, never settles: only the connection's fate matters here.
    client.connect().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const failure = await client.query('SELECT 1').catch((error: unknown) => error);
    expect(isQueryReadTimeout(failure)).toBe(true);
    // The server sees the connection go away: the client will not be reused.
    await expect(
      Promise.race([closed[0], new Promise((_, reject) => setTimeout(() => reject(new Error('socket kept')), 1_000))]),
    ).resolves.toBeDefined();
    server.close();
  });
});
