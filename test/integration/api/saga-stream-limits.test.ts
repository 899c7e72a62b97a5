import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiModule } from '../../../src/api/api.module.js';
import { setupHttp } from '../../../src/api/http-setup.js';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import { ApiKeyService } from '../../../src/orchestration/auth/api-key.service.js';
import { SagaChangeFeed, type SagaChangeSubscriber } from '../../../src/orchestration/monitoring/saga-change-feed.service.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import type { SagaSummaryView } from '../../../src/orchestration/views/saga.view.js';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { createTestDatabase, eventually } from '../../support/test-infrastructure.js';

/** A change feed the test drives: `push` hands an event to every open stream at once. */
class PushFeed {
  readonly subscribers = new Set<SagaChangeSubscriber>();
  subscribe(subscriber: SagaChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }
  push(saga: Partial<SagaSummaryView>): void {
    for (const subscriber of this.subscribers) subscriber.changed(saga as SagaSummaryView);
  }
  onModuleDestroy(): void {
    for (const subscriber of this.subscribers) subscriber.closed();
  }
}

interface TestServer {
  url: string;
  key(): Promise<string>;
  dispose(): Promise<void>;
}

/** The real API on a real port (auth on) over a fresh database; the change feed replaced by `feed` when given. */
async function startServer(env: Record<string, string>, feed?: PushFeed): Promise<TestServer> {
  const database = await createTestDatabase('streams');
  const config = loadAppConfig({ DATABASE_URL: database.url, TIMER_POLL_INTERVAL_MS: '60000', RATE_LIMIT_PER_KEY: '100000', ...env });
  let builder = Test.createTestingModule({
    imports: [AppConfigModule.forRoot(config), ObservabilityModule.forRoot(), PersistenceModule.forRoot(), OrchestrationModule.forRoot(), ApiModule],
  });
  if (feed) builder = builder.overrideProvider(SagaChangeFeed).useValue(feed);
  const app: INestApplication = (await builder.compile()).createNestApplication({ logger: ['error'] });
  setupHttp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const keys = app.get(ApiKeyService);
  return {
    url: `http://127.0.0.1:${port}/v1/sagas/stream`,
    key: async () => (await keys.create('stream reader', ['sagas:read'])).token,
    dispose: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** One real HTTP connection to the stream: its answer, and (for a 200) the events as they arrive. */
interface StreamConnection {
  status: number;
  response: IncomingMessage;
  /** The whole body of a refusal. */
  body: Promise<string>;
  /** Complete `event: saga` blocks received so far. */
  events(): number;
  ended: Promise<void>;
  close(): void;
}

function connect(url: string, token: string, { read = true } = {}): Promise<StreamConnection> {
  return new Promise((resolve, reject) => {
    const outgoing = http.get(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (response) => {
      let events = 0;
      let rest = '';
      const chunks: string[] = [];
      const ended = new Promise<void>((done) => response.once('close', done));
      response.setEncoding('utf8');
      if (response.statusCode !== 200) response.on('data', (chunk: string) => chunks.push(chunk));
      else {
        response.on('data', (chunk: string) => {
          const blocks = (rest + chunk).split('\n\n');
          rest = blocks.pop()!;
          events += blocks.filter((block) => block.startsWith('event: saga')).length;
        });
        // A reader that does not read: nothing is taken off the socket until `resume()`.
        if (!read) response.pause();
      }
      resolve({
        status: response.statusCode!,
        response,
        body: ended.then(() => chunks.join('')),
        events: () => events,
        ended,
        close: () => outgoing.destroy(),
      });
    });
    outgoing.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
  });
}

describe('live stream caps (real HTTP connections, real PostgreSQL)', () => {
  let server: TestServer;
  const open: StreamConnection[] = [];
  const track = (connection: StreamConnection) => (open.push(connection), connection);

  beforeAll(async () => {
    server = await startServer({ STREAM_MAX_PER_KEY: '2', STREAM_MAX_TOTAL: '3' });
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await server?.dispose();
  });

  it('answers 429 problem+json past the per-key cap and past the global cap, and a closed stream frees its place', async () => {
    const [first, second] = [await server.key(), await server.key()];
    const a1 = track(await connect(server.url, first));
    const a2 = track(await connect(server.url, first));
    expect([a1.status, a2.status]).toEqual([200, 200]);

    const a3 = track(await connect(server.url, first));
    expect(a3.status).toBe(429);
    expect(a3.response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(await a3.body)).toMatchObject({
      type: 'urn:saga-coordinator:problem:stream-limit-reached',
      status: 429,
      detail: `The API key ${first.split('_')[1]} already holds 2 open streams, the most STREAM_MAX_PER_KEY allows; close one before opening another.`,
    });

    const b1 = track(await connect(server.url, second));
    expect(b1.status).toBe(200);
    const b2 = track(await connect(server.url, second));
    expect(b2.status).toBe(429);
    expect(JSON.parse(await b2.body)).toMatchObject({
      type: 'urn:saga-coordinator:problem:stream-limit-reached',
      detail: 'This server already holds 3 open streams, the most STREAM_MAX_TOTAL allows; retry later.',
    });

    a1.close();
    const again = await eventually(
      async () => {
        const attempt = track(await connect(server.url, first));
        return attempt.status === 200 ? attempt : undefined;
      },
      { what: 'a place freed by the closed stream', timeoutMs: 10_000 },
    );
    expect(again.status).toBe(200);
  });
});

describe('idle streams and slow readers (real HTTP connections, a change feed the test drives)', () => {
  const feed = new PushFeed();
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer({ STREAM_IDLE_TIMEOUT_MS: '1500', STREAM_MAX_BUFFERED_BYTES: '262144' }, feed);
    token = await server.key();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps a stream open while events flow and ends it after STREAM_IDLE_TIMEOUT_MS without one', async () => {
    const stream = await connect(server.url, token);
    try {
      let ended = false;
      void stream.ended.then(() => (ended = true));
      for (let i = 0; i < 8; i += 1) {
        feed.push({ id: `busy-${i}` });
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      expect(ended).toBe(false);
      expect(stream.events()).toBe(8);
      const quietSince = Date.now();
      await stream.ended;
      expect(Date.now() - quietSince).toBeGreaterThanOrEqual(1000);
      expect(feed.subscribers.size).toBe(0);
    } finally {
      stream.close();
    }
  }, 15_000);

  it('disconnects a reader that stops reading once it is STREAM_MAX_BUFFERED_BYTES behind, while a reader that keeps up gets every event', async () => {
    const slow = await connect(server.url, token, { read: false });
    const fast = await connect(server.url, token);
    expect(feed.subscribers.size).toBe(2);
    const padding = 'x'.repeat(64 * 1024);
    // Far more than the socket buffers of both ends take, so the server must hold or drop the rest.
    const most = 600;
    let sent = 0;
    while (feed.subscribers.size === 2 && sent < most) {
      feed.push({ id: `event-${sent}`, definition: padding });
      sent += 1;
      await eventually(() => (fast.events() >= sent - 2 ? true : undefined), {
        what: 'the fast reader keeping up',
        timeoutMs: 10_000,
        intervalMs: 1,
      });
    }
    expect(feed.subscribers.size, `the slow reader was still subscribed after ${sent} events of 64 KiB`).toBe(1);
    await eventually(() => (fast.events() === sent ? true : undefined), { what: 'every event at the fast reader', timeoutMs: 10_000 });
    slow.response.resume();
    await slow.ended;
    expect(slow.events()).toBeLessThan(sent);
    fast.close();
  });
});
