import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantQueue } from '@saga-coordinator/contracts';
import { type Participant, StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startService, type ServiceProcess } from '../support/service-processes.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { closeVhostConnections, management, vhostConnections } from './fixtures/rabbitmq-management.js';
import { startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];
const CONFIRM_TIMEOUT_MS = 1_000;

/** One step on the in-test `parcel` participant, which counts how often its handler really runs. */
const parcelSaga = defineSaga('parcel-saga')
  .version(1)
  .input({ type: 'object' })
  .step('pack', (s) => s.participant('parcel').command('pack').compensation('unpack').timeout(60_000))
  .build();

/**
 * RabbitMQ misbehaving under running sagas (RELIABILITY faults 10, 12, 14): every connection of
 * the vhost closed, a participant queue deleted, and a silent broker connection. The coordinator
 * reaches the broker through a TCP proxy the test can silence; participants connect directly.
 */
describe('broker faults end to end', () => {
  let infra: TestInfrastructure;
  let proxy: TcpProxy;
  let coordinator: RunningCoordinator;
  let examples: ServiceProcess[] = [];
  let parcel: TestParticipant | undefined;
  let db: pg.Pool;
  const packs = new Map<string, number>();

  const registerParcel = (p: Participant): Participant =>
    p
      .handle('pack', async (command) => {
        packs.set(command.sagaId, (packs.get(command.sagaId) ?? 0) + 1);
        return StepResult.succeeded({ packed: true });
      })
      .compensate('unpack', async () => StepResult.compensated());

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_broker');
    proxy = await startTcpProxy({ targetPort: 5672 });
    const proxiedRabbit = new URL(infra.rabbitmqUrl);
    proxiedRabbit.port = String(proxy.port);
    coordinator = await startCoordinatorWithDefinitions(infra, [parcelSaga], {
      RABBITMQ_URL: proxiedRabbit.toString(),
      PUBLISH_CONFIRM_TIMEOUT_MS: String(CONFIRM_TIMEOUT_MS),
    });
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    examples = (['inventory', 'payment', 'shipping'] as const).map((name) => startService(name, env));
    parcel = await startTestParticipant(infra, 'parcel', registerParcel);
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    await eventually(
      async () => {
        const { body } = await coordinator.client.json('/v1/participants');
        return Array.isArray(body) && body.length === 4 ? body : undefined;
      },
      { timeoutMs: 60_000, what: 'the participants to announce themselves' },
    );
  });

  afterAll(async () => {
    proxy?.resume();
    await parcel?.stop();
    await Promise.all([coordinator?.process.stop(), ...examples.map((s) => s.stop())]);
    await proxy?.close();
    await db?.end();
    await infra?.dispose();
  });

  // Commands only: the saga's lifecycle events (saga.events) travel the same outbox but are not what these faults are about.
  const unsentOutboxRows = async (sagaId: string) =>
    (
      await db.query(
        `SELECT message_id, publish_attempts FROM outbox_message WHERE correlation_id = $1 AND sent_at IS NULL AND exchange <> 'saga.events'`,
        [sagaId],
      )
    ).rows;

  it('finishes every saga after all broker connections are closed mid-flight, with no effect doubled', async () => {
    // Coordinator (publisher + consumer) and four participants (publish + consume each); the
    // management API lists connections a few seconds after they open.
    const before = await eventually(
      async () => {
        const listed = await vhostConnections(infra);
        return listed.length >= 10 ? listed : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'every broker connection to be listed' },
    );
    const kinds = Array.from({ length: 30 }, (_, i) => (['ok', 'ok', 'payment', 'shipping'] as const)[i % 4]!);
    const inputs = kinds.map((kind) => (kind === 'ok' ? orderInput() : Refusals[kind]()));
    const started = await Promise.all(inputs.map((input) => coordinator.client.start(input)));
    expect(started.every((s) => s.status === 202)).toBe(true);
    const closed = await closeVhostConnections(infra, 'e2e: broker connections closed mid-saga');
    const closedAt = Date.now();
    expect(closed).toBeGreaterThanOrEqual(10);
    await eventually(
      async () => {
        const now = await vhostConnections(infra);
        const fresh = now.filter((c) => !before.some((old) => old.name === c.name));
        return fresh.length >= closed ? fresh : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'every party to reconnect' },
    );

    const finals = await Promise.all(started.map((s) => coordinator.client.waitFor(s.body.id, FINAL, 60_000)));
    finals.forEach((saga, i) => expect(saga.status, saga.id).toBe(kinds[i] === 'ok' ? 'COMPLETED' : 'COMPENSATED'));
    // The fault hit sagas in flight: some finished only after the reconnect.
    const finishedAt = finals.map((saga) => Date.parse(saga.updatedAt));
    expect(Math.max(...finishedAt)).toBeGreaterThan(closedAt);
    expect(coordinator.process.log).toMatch(/RabbitMQ connection coordinator-\w+-\d+ lost/);
    for (const table of ['inventory.reservations', 'payment.charges', 'shipping.shipments']) {
      const { rows } = await db.query(`SELECT order_id FROM ${table} WHERE order_id = ANY($1) GROUP BY order_id HAVING count(*) > 1`, [
        inputs.map((input) => input.orderId),
      ]);
      expect(rows, `doubled rows in ${table}`).toEqual([]);
    }
  });

  it('keeps an unroutable command in the outbox while its queue is gone, and delivers it once the queue exists again', async () => {
    await parcel!.stop();
    await management('DELETE', `/queues/${encodeURIComponent(infra.vhost)}/${encodeURIComponent(participantQueue('parcel'))}`);

    const started = await coordinator.client.start({}, { definition: 'parcel-saga' });
    const id = started.body.id as string;
    const stuck = await eventually(
      async () => {
        const rows = await unsentOutboxRows(id);
        return rows.length === 1 && coordinator.process.log.includes('unroutable') ? rows : undefined;
      },
      { what: 'the returned command to stay unsent in the outbox' },
    );
    expect(stuck[0].message_id).toBe(`${id}:pack:execute:1`);
    expect((await coordinator.client.get(id)).body.status).toBe('RUNNING');

    parcel = await startTestParticipant(infra, 'parcel', registerParcel);
    // The relay retries once the row's lease runs out.
    const saga = await coordinator.client.waitFor(id, FINAL, 45_000);
    expect(saga.status).toBe('COMPLETED');
    expect(await unsentOutboxRows(id)).toEqual([]);
    expect(packs.get(id)).toBe(1);
  });

  it('times out a publish the broker never confirms, leaves it in the outbox, and the saga completes once the broker answers', async () => {
    proxy.pause();
    let id: string;
    try {
      const started = await coordinator.client.start({}, { definition: 'parcel-saga' });
      expect(started.status).toBe(202);
      id = started.body.id as string;
      await eventually(
        () => (coordinator.process.log.includes(`${id}:pack:execute:1 failed: no confirm within ${CONFIRM_TIMEOUT_MS} ms`) ? true : undefined),
        {
          what: 'the confirm timeout to fire',
        },
      );
      expect(await unsentOutboxRows(id)).toHaveLength(1);
    } finally {
      proxy.resume();
    }
    // The unconfirmed row stays unsent until the command is known delivered: the relay's retry is
    // confirmed, or the reply to the held original (which proves delivery) marks it in its own transaction.
    await eventually(
      async () => {
        const { rows } = await db.query(`SELECT sent_at FROM outbox_message WHERE message_id = $1`, [`${id}:pack:execute:1`]);
        return rows[0]?.sent_at ? true : undefined;
      },
      { timeoutMs: 15_000, what: 'the unconfirmed command to be marked sent once delivered' },
    );
    const saga = await coordinator.client.waitFor(id, FINAL, 45_000);
    expect(saga.status).toBe('COMPLETED');
    // Published twice at most (the held original and the relay's retry), applied once.
    expect(packs.get(id)).toBe(1);
  });
});
