import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { loadAppConfig } from '../../../../src/config/app-config.js';
import { AppConfigModule } from '../../../../src/config/app-config.module.js';
import { ObservabilityModule } from '../../../../src/observability/observability.module.js';
import type { SagaDefinition } from '../../../../src/saga-engine/definition/saga-definition.js';
import { OrchestrationModule } from '../../../../src/orchestration/orchestration.module.js';
import type { OutboxMessage } from '../../../../src/runtime/ports/outbox-message.js';
import { AfterCommit } from '../../../../src/runtime/post-commit/after-commit.decorator.js';
import type { CommittedChange } from '../../../../src/runtime/post-commit/committed-change.js';
import { type PostCommitListener, PostCommitOrder } from '../../../../src/runtime/post-commit/post-commit-listener.js';
import { PersistenceModule } from '../../../../src/persistence/persistence.module.js';

/** Records what the runtime hands its post-commit listeners, in the outbox relay's place (which publishes to RabbitMQ). */
@AfterCommit({ order: PostCommitOrder.publish })
export class RecordingDispatcher implements PostCommitListener {
  readonly dispatched: OutboxMessage[] = [];
  /** Command message ids a committed reply marked sent. */
  readonly answeredIds: string[] = [];
  afterCommit(change: CommittedChange): void {
    this.dispatched.push(...change.outbox);
    if (change.answered !== undefined) this.answeredIds.push(change.answered);
  }
}

/**
 * The coordinator's persistence + orchestration on a real PostgreSQL database (migrations
 * applied at start), without HTTP or RabbitMQ: a recording post-commit listener stands in for the outbox relay. The timer
 * scheduler does not poll on its own (tests call `fireDueTimers`) unless `env` sets it.
 */
export async function createOrchestrationTestApp(
  databaseUrl: string,
  definitions: readonly SagaDefinition[],
  env: Record<string, string> = {},
  extraModules: readonly Type[] = [],
) {
  const dispatcher = new RecordingDispatcher();
  const config = loadAppConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '20', TIMER_POLL_INTERVAL_MS: '60000', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(config),
      ObservabilityModule.forRoot(),
      PersistenceModule.forRoot(),
      OrchestrationModule.forRoot({ initialDefinitions: definitions }),
      ...extraModules,
    ],
    providers: [{ provide: RecordingDispatcher, useValue: dispatcher }],
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
