import type { SagaDefinition } from '../../../src/saga-engine/definition/saga-definition.js';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { ApiModule } from '../../../src/api/api.module.js';
import { setupHttp } from '../../../src/api/http-setup.js';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import type { ApiKeyScope } from '../../../src/orchestration/auth/api-key-scope.js';
import { ApiKeyService } from '../../../src/orchestration/auth/api-key.service.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { createTestDatabase } from '../../support/test-infrastructure.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';

/** An audit row as the table holds it. */
export interface AuditRow {
  principal: string;
  action: string;
  target: string | null;
  request_id: string;
  outcome: string;
  detail: string | null;
}

export interface AuthTestApp {
  app: INestApplication;
  /** A new key with these scopes: its token. */
  key(...scopes: ApiKeyScope[]): Promise<string>;
  keys: ApiKeyService;
  sql: pg.Client;
  auditRows(): Promise<AuditRow[]>;
  dispose(): Promise<void>;
}

/**
 * The real API, application services and PostgreSQL (a fresh database, migrations applied) in one
 * process, without RabbitMQ: commands stay in the outbox. Auth is ON unless `env` says otherwise.
 * Definitions: `two-step` (see the orchestration tests) unless `definitions` says otherwise.
 */
export async function createAuthTestApp(
  env: Record<string, string> = {},
  definitions: readonly SagaDefinition[] = [twoStepDefinition],
): Promise<AuthTestApp> {
  const database = await createTestDatabase('auth');
  const config = loadAppConfig({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '10', TIMER_POLL_INTERVAL_MS: '60000', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(config),
      ObservabilityModule.forRoot(),
      PersistenceModule.forRoot(),
      OrchestrationModule.forRoot({ initialDefinitions: definitions }),
      ApiModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  setupHttp(app);
  await app.init();
  const keys = app.get(ApiKeyService);
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  return {
    app,
    keys,
    sql,
    key: async (...scopes) => (await keys.create(`test ${scopes.join(' ')}`, scopes)).token,
    auditRows: async () =>
      (await sql.query<AuditRow>('SELECT principal, action, target, request_id, outcome, detail FROM audit_log ORDER BY seq')).rows,
    dispose: async () => {
      await sql.end();
      await app.close();
      await database.drop();
    },
  };
}

/** A valid body for `POST /v1/sagas`. */
export function startBody(orderId = 'o-1') {
  return { definition: 'two-step', input: { orderId, amount: 10 } };
}
