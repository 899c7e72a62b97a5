import { Test } from '@nestjs/testing';
import pg from 'pg';
import { loadAppConfig } from '../../../../src/config/app-config.js';
import { AppConfigModule } from '../../../../src/config/app-config.module.js';
import type { SagaDefinition } from '../../../../src/saga-engine/definition/saga-definition.js';
import { OrchestrationModule } from '../../../../src/orchestration/orchestration.module.js';
import type { OutboxMessage } from '../../../../src/orchestration/ports/outbox-message.js';
import { OutboxDispatcher } from '../../../../src/orchestration/ports/outbox-dispatcher.port.js';
import { PersistenceModule } from '../../../../src/persistence/persistence.module.js';

/** Records what the runtime hands over after commit (the real one publishes to RabbitMQ). */
export class RecordingDispatcher extends OutboxDispatcher {
  readonly dispatched: OutboxMessage[] = [];
  /** Command message ids a committed reply marked sent. */
  readonly answeredIds: string[] = [];
  dispatch(messages: readonly OutboxMessage[]): void {
    this.dispatched.push(...messages);
  }
  override answered(messageId: string): void {
    this.answeredIds.push(messageId);
  }
}

/**
 * The coordinator's persistence + orchestration on a real PostgreSQL database (migrations
 * applied at start), without HTTP or RabbitMQ: the outbox dispatcher only records. The timer
 * scheduler does not poll on its own (tests call `fireDueTimers`) unless `env` sets it.
 */
export async function createOrchestrationTestApp(
  databaseUrl: string,
  definitions: readonly SagaDefinition[],
  env: Record<string, string> = {},
) {
  const dispatcher = new RecordingDispatcher();
  const config = loadAppConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '20', TIMER_POLL_INTERVAL_MS: '60000', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.withConfig(config),
      PersistenceModule.forRoot(),
      OrchestrationModule.forRoot({ initialDefinitions: definitions }),
    ],
    providers: [{ provide: OutboxDispatcher, useValue: dispatcher }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.init();
  return { app, dispatcher, config };
}

/** A plain client on the test database, for asserting on rows. */
export async function sqlClient(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}
