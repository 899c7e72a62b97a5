import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionCatalogService } from '../../../src/orchestration/definitions/definition-catalog.service.js';
import { DefinitionNotFoundError } from '../../../src/orchestration/errors/definition-not-found.error.js';
import { InvalidCursorError } from '../../../src/orchestration/errors/invalid-cursor.error.js';
import { ParticipantDirectoryService } from '../../../src/orchestration/participants/participant-directory.service.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from './support/orchestration-test-app.js';
import { executeReply } from './support/replies.js';
import { twoStepDefinition } from './support/two-step.definition.js';

describe('definitions, participants and the saga list', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_catalog');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    sql = await sqlClient(infra.databaseUrl);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  it('registers the initial definitions at start-up and serves the latest version with its steps in order', async () => {
    const catalog = app.get(DefinitionCatalogService);
    await catalog.register({ ...twoStepDefinition, version: 2, description: 'second' });

    expect((await catalog.list()).map((d) => [d.name, d.version])).toEqual([['two-step', 2]]);
    const view = await catalog.get('two-step');
    expect(view).toMatchObject({ name: 'two-step', version: 2, description: 'second' });
    expect(view.steps.map((s) => [s.name, s.participant, s.compensation])).toEqual([
      ['reserve', 'stock', 'release'],
      ['charge', 'bank', 'refund'],
    ]);
    await expect(catalog.get('missing')).rejects.toBeInstanceOf(DefinitionNotFoundError);
  });

  it('keeps a stored version when offered different content under the same version', async () => {
    const catalog = app.get(DefinitionCatalogService);
    const result = await catalog.register({ ...twoStepDefinition, description: 'changed' });

    expect(result).toMatchObject({ inserted: false, conflict: true });
    expect((await catalog.pinned('two-step', 1)).description).toBeUndefined();
    expect(await catalog.register(twoStepDefinition)).toMatchObject({ inserted: false, conflict: false });
  });

  it('keeps a running saga on the version it started with', async () => {
    const sagas = app.get(SagaService);
    const { saga } = await sagas.start({ definition: 'two-step', version: 1, input: { orderId: 'v1', amount: 1 } });
    expect((await sagas.get(saga.id)).version).toBe(1);
    const latest = await sagas.start({ definition: 'two-step', input: { orderId: 'v2', amount: 1 } });
    expect(latest.saga.version).toBe(2);
  });

  it('records participant announcements, newest instance first', async () => {
    const directory = app.get(ParticipantDirectoryService);
    const announce = (instance: string, commands: string[]) =>
      directory.recordAnnouncement(
        { participant: 'stock', instance, commands, compensations: ['release'], announcedAt: new Date().toISOString() },
        'guest',
      );
    await announce('host-a:1', ['reserve']);
    await announce('host-b:2', ['reserve', 'count']);
    await announce('host-a:1', ['reserve', 'count']);

    const [stock] = await app.get(ParticipantDirectoryService).list();
    expect(stock).toMatchObject({ name: 'stock', commands: ['reserve', 'count'], compensations: ['release'], instances: ['host-a:1', 'host-b:2'] });
    expect(Date.parse(stock!.lastSeenAt)).not.toBeNaN();
  });

  it('pages through sagas newest first with an opaque cursor, filtered by status and definition', async () => {
    const sagas = app.get(SagaService);
    await sql.query('DELETE FROM saga');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await sagas.start({ definition: 'two-step', input: { orderId: `p${i}`, amount: i } })).saga.id);
    // Same created_at for several rows: the id breaks the tie.
    await sql.query(`UPDATE saga SET created_at = '2026-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])`, [ids.slice(2, 5)]);
    await app
      .get(InboundMessageHandler)
      .handleReply(executeReply(ids[6]!, 'reserve', 'stock', { outcome: 'failed', failure: { code: 'none', message: 'out of stock' } }));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await sagas.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    const { rows } = await sql.query<{ id: string }>('SELECT id FROM saga ORDER BY created_at DESC, id DESC');
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(seen).toHaveLength(7);

    const compensated = await sagas.list({ limit: 10, status: 'COMPENSATED' });
    expect(compensated.items.map((s) => s.id)).toEqual([ids[6]]);
    expect((await sagas.list({ limit: 10, definition: 'other' })).items).toEqual([]);
    await expect(sagas.list({ limit: 10, cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
