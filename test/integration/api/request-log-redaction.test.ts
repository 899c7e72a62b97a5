import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiModule } from '../../../src/api/api.module.js';
import { setupHttp } from '../../../src/api/http-setup.js';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { loggerParams } from '../../../src/config/logger-params.js';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { createTestDatabase } from '../../support/test-infrastructure.js';

const SECRET = 'sk_live_do-not-log-me-7f3a';

/**
 * The real API with the coordinator's request logger (JSON lines), writing into `lines`
 * instead of stdout. Auth is on.
 */
describe('the request log hides query-string values (real app, real PostgreSQL)', () => {
  const lines: string[] = [];
  let app: INestApplication;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase('logs');
    drop = () => database.drop();
    const config = loadAppConfig({ DATABASE_URL: database.url, TIMER_POLL_INTERVAL_MS: '60000', LOG_FORMAT: 'json' });
    const params = loggerParams(config);
    const destination = { write: (line: string) => void lines.push(line) };
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ ...params, pinoHttp: [params.pinoHttp as Options, destination] }),
        ObservabilityModule.forRoot(),
        PersistenceModule.forRoot(),
        OrchestrationModule.forRoot({ initialDefinitions: [] }),
        ApiModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    setupHttp(app);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  /** The `request completed` line of the request with this id. */
  function completedLine(requestId: string): Record<string, unknown> & { req: { url: string; query: Record<string, string> } } {
    const found = lines.map((line) => JSON.parse(line)).find((entry) => entry.req?.headers?.['x-request-id'] === requestId && entry.res);
    if (!found) throw new Error(`no request line for ${requestId} in ${lines.length} lines`);
    return found;
  }

  it('logs a refused ?api_key=… call without the key: the name stays, every value is [REDACTED]', async () => {
    await request(app.getHttpServer())
      .get('/v1/sagas')
      .query({ api_key: SECRET, status: 'RUNNING' })
      .set('x-request-id', 'log-redaction-1')
      .expect(401);
    const line = completedLine('log-redaction-1');
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(line.req.url).toBe('/v1/sagas?api_key=[REDACTED]&status=[REDACTED]');
    expect(line.req.query).toEqual({ api_key: '[REDACTED]', status: '[REDACTED]' });
  });

  it('hides a key sent under any parameter name, percent-encoded or repeated', async () => {
    const encoded = encodeURIComponent(`${SECRET}/+=`);
    await request(app.getHttpServer())
      .get(`/v1/audit?token=${encoded}&x=${SECRET}&x=${SECRET}&flag`)
      .set('x-request-id', 'log-redaction-2')
      .expect(401);
    expect(lines.join('\n')).not.toContain(SECRET.slice(8));
    expect(completedLine('log-redaction-2').req.url).toBe('/v1/audit?token=[REDACTED]&x=[REDACTED]&x=[REDACTED]&flag');
  });

  it('logs a URL without a query string unchanged', async () => {
    await request(app.getHttpServer()).get('/v1/sagas/counts').set('x-request-id', 'log-redaction-3').expect(401);
    expect(completedLine('log-redaction-3').req.url).toBe('/v1/sagas/counts');
  });
});
