import type { Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParticipant, type Participant, pgTransactions, silentLogger, StepResult } from '@saga-coordinator/participant';
import { countSocketWrites } from '../../support/socket-writes.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

/** The socket a pooled pg client writes to. */
function socketOf(client: pg.PoolClient): Socket {
  return (client as unknown as { connection: { stream: Socket } }).connection.stream;
}

/**
 * The plain `pg` adapter pipelines the fence's own statements: BEGIN with the step's lock and
 * the fence read, then the fence record with COMMIT, each pair in one socket write. The
 * handler's statements run outside pipeline mode (a query with `rows`, which pipeline mode
 * refuses, works), and the fence still does its work (a duplicate is answered from the record).
 */
describe('the pg adapter pipelines the fence', () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let participant: Participant;
  let probe: CoordinatorProbe;
  /** Socket writes on the fence connection. */
  let writes: ReturnType<typeof countSocketWrites>;
  let handlerRuns = 0;

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_pipeline');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });
    // Count every socket write of the pool's connection (one: max 1), the participant's fence connection.
    pool.on('connect', (client) => {
      writes = countSocketWrites(socketOf(client));
    });
    await pool.query('CREATE SCHEMA stock; CREATE TABLE stock.holds (saga_id uuid PRIMARY KEY, qty int NOT NULL)');
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    participant = createParticipant({
      name: 'stock',
      rabbitmqUrl: infra.rabbitmqUrl,
      fence: { transactions: pgTransactions(pool), schema: 'stock' },
      logger: silentLogger,
    })
      .handle('hold', async (command, { tx }) => {
        handlerRuns++;
        await tx.query('INSERT INTO stock.holds (saga_id, qty) VALUES ($1, 1)', [command.sagaId]);
        return StepResult.succeeded({ held: true });
      })
      .handle('peek', async (_command, { tx }) => {
        // A portal query: pipeline mode refuses it, so it works only because the handler runs outside it.
        // `rows` (not in pg's QueryConfig type) makes pg read through a portal, a batch at a time.
        const portal = { text: 'SELECT generate_series(1, 3) AS n', rows: 1 } as pg.QueryConfig;
        const { rows } = await tx.query<{ n: number }>(portal);
        return StepResult.succeeded({ first: rows[0]?.n ?? null });
      });
    await participant.start();
    // The first command also creates the fence table: leave it out of the count.
    const warmUp = await probe.send(stepCommand({ participant: 'stock', command: 'hold' }));
    await probe.replyTo(warmUp);
  });

  afterAll(async () => {
    await participant?.stop();
    await probe?.close();
    await pool?.end();
    await infra?.dispose();
  });

  it('sends a command through in three writes: BEGIN + lock + fence read, the handler statement, fence record + COMMIT', async () => {
    writes.reset();
    const command = await probe.send(stepCommand({ participant: 'stock', command: 'hold' }));
    const { body } = await probe.replyTo(command);
    expect(body).toMatchObject({ outcome: 'succeeded', output: { held: true } });
    expect(writes.count).toBe(3);
    const held = await pool.query('SELECT count(*)::int AS n FROM stock.holds WHERE saga_id = $1', [command.sagaId]);
    expect(held.rows[0]).toEqual({ n: 1 });
  });

  it("runs the handler's statements outside pipeline mode: a query with `rows` (a portal) works there", async () => {
    const command = await probe.send(stepCommand({ participant: 'stock', command: 'peek' }));
    const { body } = await probe.replyTo(command);
    expect(body).toMatchObject({ outcome: 'succeeded', output: { first: 1 } });
  });

  it('answers a redelivered command from the fence record in one write plus COMMIT, without running the handler again', async () => {
    const command = await probe.send(stepCommand({ participant: 'stock', command: 'hold' }));
    await probe.replyTo(command);
    const runs = handlerRuns;
    writes.reset();
    await probe.send(command);
    const { body } = await probe.replyTo(command, 2);
    expect(body).toMatchObject({ outcome: 'succeeded', output: { held: true } });
    expect(handlerRuns).toBe(runs);
    expect(writes.count).toBe(2);
  });
});
