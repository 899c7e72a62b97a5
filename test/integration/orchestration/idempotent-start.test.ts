import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyKeyInProgressError } from '../../../src/orchestration/errors/idempotency-key-in-progress.error.js';
import { IdempotencyKeyReusedError } from '../../../src/orchestration/errors/idempotency-key-reused.error.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from './support/orchestration-test-app.js';
import { twoStepDefinition } from './support/two-step.definition.js';

describe('starting a saga with an Idempotency-Key', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let sagas: SagaService;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_idem');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    sql = await sqlClient(infra.databaseUrl);
    sagas = app.get(SagaService);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  async function sagasWithKey(key: string): Promise<number> {
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM saga WHERE idempotency_key = $1', [key]);
    return rows[0].n as number;
  }

  it('returns the original saga for the same key and the same body, whatever its key order', async () => {
    const first = await sagas.start({ definition: 'two-step', input: { orderId: 'a', amount: 1 }, idempotencyKey: 'k-same' });
    const second = await sagas.start({ definition: 'two-step', input: { amount: 1, orderId: 'a' }, idempotencyKey: 'k-same' });

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.saga.id).toBe(first.saga.id);
    expect(await sagasWithKey('k-same')).toBe(1);
  });

  it('refuses the same key with a different body (422) and creates nothing', async () => {
    await sagas.start({ definition: 'two-step', input: { orderId: 'b', amount: 1 }, idempotencyKey: 'k-other' });

    const error = await sagas
      .start({ definition: 'two-step', input: { orderId: 'b', amount: 2 }, idempotencyKey: 'k-other' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect((error as Error).message).toBe('Idempotency-Key "k-other" was already used with a different request body.');
    expect(await sagasWithKey('k-other')).toBe(1);
  });

  it('answers 409 while another request holding the key is still creating its saga', async () => {
    // Another coordinator is mid-transaction with this key: it holds the advisory lock.
    const other = await sqlClient(infra.databaseUrl);
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['k-busy']);

      await expect(sagas.start({ definition: 'two-step', input: { orderId: 'c', amount: 1 }, idempotencyKey: 'k-busy' })).rejects.toBeInstanceOf(
        IdempotencyKeyInProgressError,
      );

      await other.query('ROLLBACK');
      const { created } = await sagas.start({ definition: 'two-step', input: { orderId: 'c', amount: 1 }, idempotencyKey: 'k-busy' });
      expect(created).toBe(true);
    } finally {
      await other.end();
    }
  });

  it('creates exactly one saga when many requests race with the same key and body', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () => sagas.start({ definition: 'two-step', input: { orderId: 'd', amount: 1 }, idempotencyKey: 'k-race' })),
    );

    const ids = new Set(attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value.saga.id] : [])));
    const rejections = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason] : []));
    expect(ids.size).toBe(1);
    expect(rejections.every((r) => r instanceof IdempotencyKeyInProgressError)).toBe(true);
    expect(attempts.filter((a) => a.status === 'fulfilled' && a.value.created)).toHaveLength(1);
    expect(await sagasWithKey('k-race')).toBe(1);
  });
});
