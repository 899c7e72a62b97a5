import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../../src/runtime/ports/outbox-store.port.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from '../orchestration/support/orchestration-test-app.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';

describe('the outbox store', () => {
  let infra: TestInfrastructure;
  let relayA: INestApplication;
  let relayB: INestApplication;
  let sql: pg.Client;

  beforeAll(async () => {
    infra = await createTestInfrastructure('outbox');
    ({ app: relayA } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    ({ app: relayB } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    sql = await sqlClient(infra.databaseUrl);
  });
  afterAll(async () => {
    await sql?.end();
    await relayA?.close();
    await relayB?.close();
    await infra?.dispose();
  });

  /** A start writes two outbox rows: the first step's command and the `started` lifecycle event. */
  const ROWS_PER_START = 2;

  async function startSagas(n: number): Promise<void> {
    const sagas = relayA.get(SagaService);
    for (let i = 0; i < n; i++) await sagas.start({ definition: 'two-step', input: { orderId: `o${i}`, amount: i } });
  }

  it('leases unsent rows so that two relays polling at once never get the same row', async () => {
    await startSagas(30 / ROWS_PER_START);
    const a = relayA.get(OutboxStore);
    const b = relayB.get(OutboxStore);

    const claims = await Promise.all([
      a.claimUnsent(10, 0, 60_000),
      b.claimUnsent(10, 0, 60_000),
      a.claimUnsent(10, 0, 60_000),
      b.claimUnsent(10, 0, 60_000),
    ]);

    const ids = claims.flat().map((m) => m.messageId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Oldest first within a claim: row ids ascend.
    const { rows: rowIds } = await sql.query<{ message_id: string; id: string }>('SELECT message_id, id::text AS id FROM outbox_message');
    const rowId = new Map(rowIds.map((row) => [row.message_id, BigInt(row.id)]));
    for (const claim of claims) {
      const order = claim.map((m) => rowId.get(m.messageId)!);
      expect(order).toEqual([...order].sort((x, y) => (x < y ? -1 : 1)));
    }
    // Still leased: nothing left to claim.
    expect(await a.claimUnsent(100, 0, 60_000)).toEqual([]);
    const { rows } = await sql.query('SELECT DISTINCT publish_attempts FROM outbox_message');
    expect(rows).toEqual([{ publish_attempts: 1 }]);
  });

  it('hands a row out again once its lease ran out, and never once it is marked sent', async () => {
    await sql.query(`UPDATE outbox_message SET leased_until = now() - interval '1 second'`);
    const store = relayA.get(OutboxStore);

    const reclaimed = await store.claimUnsent(100, 0, 60_000);
    expect(reclaimed).toHaveLength(30);
    expect(reclaimed).toContainEqual(expect.objectContaining({ exchange: 'saga.commands', routingKey: 'stock.reserve', type: 'saga.ExecuteStep' }));
    expect(reclaimed).toContainEqual(
      expect.objectContaining({ exchange: 'saga.events', routingKey: 'two-step.started', type: 'saga.StatusChanged' }),
    );
    await store.markSent(reclaimed.slice(0, 20).map((m) => m.messageId));
    await sql.query(`UPDATE outbox_message SET leased_until = now() - interval '1 second'`);

    const left = await store.claimUnsent(100, 0, 60_000);
    expect(left.map((m) => m.messageId)).toEqual(reclaimed.slice(20).map((m) => m.messageId));
  });

  it('leaves rows younger than minAgeMs to the publish-after-commit path', async () => {
    await startSagas(1);
    expect(await relayA.get(OutboxStore).claimUnsent(100, 60_000, 60_000)).toEqual([]);
  });

  it('reports the unsent backlog and the age of its oldest row', async () => {
    const backlog = await relayA.get(OutboxStore).backlog();
    // The 10 rows the previous test left unsent, and the one start since.
    expect(backlog.count).toBe(10 + ROWS_PER_START);
    expect(backlog.oldestAgeMs).toBeGreaterThanOrEqual(0);

    await sql.query('UPDATE outbox_message SET sent_at = now()');
    expect(await relayA.get(OutboxStore).backlog()).toEqual({ count: 0, oldestAgeMs: null });
  });
});
