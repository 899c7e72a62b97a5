import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';
import { SagaSettledFeed, type SagaSettledListener } from '../../orchestration/ports/saga-settled-feed.port.js';
import { SagaSettledChannel } from './saga-write.sql.js';

const FirstRetryDelayMs = 250;
const MaxRetryDelayMs = 5_000;

/**
 * `SagaSettledFeed` on one dedicated PostgreSQL session per process that `LISTEN`s on
 * `saga_settled` (the settling statement sends `pg_notify` in its transaction, so the
 * notification arrives at commit, on every replica). The session is re-opened with backoff when
 * it drops; listeners then re-check what they wait for, as notifications sent meanwhile are lost.
 */
@Injectable()
export class PostgresSagaSettledFeed extends SagaSettledFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PostgresSagaSettledFeed.name);
  private readonly listeners = new Set<SagaSettledListener>();
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = FirstRetryDelayMs;
  private connectedOnce = false;
  private stopped = false;

  constructor(private readonly config: AppConfig) {
    super();
  }

  subscribe(listener: SagaSettledListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** True while the LISTEN session is open (for tests and health). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.databaseUrl, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('notification', (message) => {
      if (message.channel !== SagaSettledChannel || !message.payload) return;
      for (const listener of this.listeners) listener.settled(message.payload);
    });
    client.on('error', (error) => this.dropped(client, error.message));
    client.on('end', () => this.dropped(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${SagaSettledChannel}`);
    } catch (error) {
      this.dropped(client, (error as Error).message);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryDelayMs = FirstRetryDelayMs;
    if (this.connectedOnce) {
      this.logger.log(`listening on ${SagaSettledChannel} again`);
      for (const listener of this.listeners) listener.resync();
    }
    this.connectedOnce = true;
  }

  /** The session failed or ended: forget it and open another after a backoff (once per session). */
  private dropped(client: pg.Client, reason: string): void {
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.client === client) this.client = undefined;
    if (this.stopped || this.retryTimer !== undefined) return;
    this.logger.warn(`LISTEN ${SagaSettledChannel} session lost (${reason}); re-connecting in ${this.retryDelayMs} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MaxRetryDelayMs);
  }
}
