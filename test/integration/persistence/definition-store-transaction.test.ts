import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionStore } from '../../../src/orchestration/ports/definition-store.port.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from '../orchestration/support/orchestration-test-app.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';

const ids = { committed: randomUUID(), rolledBack: randomUUID(), existing: randomUUID() };
const auditRecord = (id: string) => ({
  id,
  principal: 'key-1',
  action: 'definition.register' as const,
  target: 'copy',
  requestId: id,
  outcome: 'succeeded' as const,
  detail: null,
});

describe('registering a definition with its audit row', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let store: DefinitionStore;

  beforeAll(async () => {
    infra = await createTestInfrastructure('definition_tx');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, []));
    sql = await sqlClient(infra.databaseUrl);
    store = app.get(DefinitionStore);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  const count = async (table: string, where: string, value: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where} = $1`, [value])).rows[0].n as number;

  it('commits the definition and the audit row together', async () => {
    const definition = { ...twoStepDefinition, name: 'copy-committed' };
    const result = await store.insertIfAbsent(definition, 'hash-1', (tx) => tx.recordAudit(auditRecord(ids.committed)));

    expect(result.inserted).toBe(true);
    expect(await count('saga_definition', 'name', 'copy-committed')).toBe(1);
    expect(await count('audit_log', 'id', ids.committed)).toBe(1);
  });

  it('stores neither when the audit write fails', async () => {
    const definition = { ...twoStepDefinition, name: 'copy-rolled-back' };
    await expect(
      store.insertIfAbsent(definition, 'hash-2', async (tx) => {
        await tx.recordAudit(auditRecord(ids.rolledBack));
        throw new Error('audit store refused');
      }),
    ).rejects.toThrow();

    expect(await count('saga_definition', 'name', 'copy-rolled-back')).toBe(0);
    expect(await count('audit_log', 'id', ids.rolledBack)).toBe(0);
  });

  it('writes no audit row when the version already existed', async () => {
    const definition = { ...twoStepDefinition, name: 'copy-existing' };
    await store.insertIfAbsent(definition, 'hash-3');
    const again = await store.insertIfAbsent(definition, 'hash-3', (tx) => tx.recordAudit(auditRecord(ids.existing)));

    expect(again.inserted).toBe(false);
    expect(await count('audit_log', 'id', ids.existing)).toBe(0);
  });
});
