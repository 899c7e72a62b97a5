import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParticipant, type Participant, silentLogger, StepResult } from '@saga-coordinator/participant';
import { createTestInfrastructure, PG_ADMIN_URL } from '../../support/test-infrastructure.js';
import type { TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

describe('participant SDK when its fence database is unreachable', () => {
  let infra: TestInfrastructure;
  let admin: pg.Client;
  let pool: pg.Pool;
  let participant: Participant;
  let probe: CoordinatorProbe;
  let handled = 0;

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_outage');
    admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2, connectionTimeoutMillis: 2_000 });
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    participant = createParticipant({ name: 'vault', rabbitmqUrl: infra.rabbitmqUrl, fence: { pool, schema: 'vault' }, logger: silentLogger }).handle(
      'store',
      async () => {
        handled += 1;
        return StepResult.succeeded({ stored: true });
      },
    );
    await participant.start();
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${infra.databaseName}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await participant?.stop();
    await probe?.close();
    await pool?.end();
    await admin?.end();
    await infra?.dispose();
  });

  it('neither replies nor acks while the database is down, and answers once it is back', async () => {
    await admin.query(`ALTER DATABASE "${infra.databaseName}" ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [infra.databaseName]);

    const command = await probe.send(stepCommand({ participant: 'vault', command: 'store' }));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(probe.repliesTo(command)).toEqual([]);
    expect(handled).toBe(0);

    await admin.query(`ALTER DATABASE "${infra.databaseName}" ALLOW_CONNECTIONS true`);

    expect((await probe.replyTo(command)).body).toMatchObject({ outcome: 'succeeded', output: { stored: true } });
    expect(handled).toBe(1);
  });
});
