import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParticipantStore } from '../../../src/orchestration/ports/participant-store.port.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from '../orchestration/support/orchestration-test-app.js';

const ids = { committed: randomUUID(), rolledBack: randomUUID(), absent: randomUUID() };
const auditRecord = (id: string, target: string) => ({
  id,
  principal: 'key-1',
  action: 'participant.remove' as const,
  target,
  requestId: id,
  outcome: 'succeeded' as const,
  detail: null,
});
const announcement = (participant: string) => ({
  participant,
  instance: 'host:1',
  commands: ['charge-payment'],
  compensations: ['refund-payment'],
  announcedAt: new Date().toISOString(),
});

describe('removing a participant with its audit row', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let store: ParticipantStore;

  beforeAll(async () => {
    infra = await createTestInfrastructure('participant_tx');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, []));
    sql = await sqlClient(infra.databaseUrl);
    store = app.get(ParticipantStore);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  const count = async (table: string, where: string, value: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where} = $1`, [value])).rows[0].n as number;

  it('deletes the participant and writes the audit row together', async () => {
    await store.recordAnnouncement(announcement('payment'), 'guest');
    await store.recordAnnouncement(announcement('inventory'), 'guest');

    expect(await store.remove('payment', (tx) => tx.recordAudit(auditRecord(ids.committed, 'payment')))).toBe(true);
    expect(await count('participant', 'name', 'payment')).toBe(0);
    expect(await count('audit_log', 'id', ids.committed)).toBe(1);
    expect((await store.list()).map((participant) => participant.name)).toEqual(['inventory']);
  });

  it('binds a participant to the broker user of its first announcement, atomically, and changes nothing for another user', async () => {
    const first = await Promise.all(
      ['user-a', 'user-b'].map((user) => store.recordAnnouncement({ ...announcement('billing'), instance: user }, user)),
    );
    expect(first.filter(Boolean)).toHaveLength(1);
    const owner = (await store.brokerUserOf('billing'))!;
    const other = owner === 'user-a' ? 'user-b' : 'user-a';
    const before = (await store.list()).find((participant) => participant.name === 'billing');
    expect(before).toMatchObject({ brokerUser: owner, instances: [owner] });

    expect(await store.recordAnnouncement({ ...announcement('billing'), instance: 'forger:1', commands: ['forged'] }, other)).toBe(false);
    expect((await store.list()).find((participant) => participant.name === 'billing')).toEqual(before);
    expect(await store.recordAnnouncement({ ...announcement('billing'), instance: 'host:2' }, owner)).toBe(true);
    expect(await store.brokerUserOf('nobody')).toBeUndefined();
  });

  it('deletes nothing when the audit write fails', async () => {
    await store.recordAnnouncement(announcement('shipping'), 'guest');
    await expect(
      store.remove('shipping', async (tx) => {
        await tx.recordAudit(auditRecord(ids.rolledBack, 'shipping'));
        throw new Error('audit store refused');
      }),
    ).rejects.toThrow('audit store refused');

    expect(await count('participant', 'name', 'shipping')).toBe(1);
    expect(await count('audit_log', 'id', ids.rolledBack)).toBe(0);
  });

  it('answers false and writes no audit row for a name it does not know', async () => {
    expect(await store.remove('never-announced', (tx) => tx.recordAudit(auditRecord(ids.absent, 'never-announced')))).toBe(false);
    expect(await count('audit_log', 'id', ids.absent)).toBe(0);
  });
});
