import amqp from 'amqplib';
import pg from 'pg';
import { Exchanges, participantTopology } from '@saga-coordinator/contracts';
import { processRssMiB } from '../infra/proc-stats.util.js';
import { startSaga } from '../infra/ours-system.js';
import { runClosedLoop } from './closed-loop-driver.js';
import { ParkedParticipant } from './bench-definitions.js';

/** Coordinator RSS after a number of sagas were parked. */
export interface ParkSample {
  readonly parked: number;
  readonly rssMiB: number;
}

/** What the parking run found. */
export interface ParkResult {
  readonly viaApi: number;
  readonly cloned: number;
  readonly samples: readonly ParkSample[];
}

/**
 * The command queue of the participant that never answers, so the parked sagas' commands are
 * routable (and simply wait in RabbitMQ).
 */
export async function declareParkedQueue(rabbitmqUrl: string): Promise<void> {
  const connection = await amqp.connect(rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    for (const exchange of Exchanges) await channel.assertExchange(exchange.name, exchange.type, { ...exchange.options });
    const { queue, binding } = participantTopology(ParkedParticipant);
    await channel.assertQueue(queue.name, { durable: true, arguments: { ...queue.options.arguments } });
    await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
  } finally {
    await connection.close();
  }
}

/**
 * Parks sagas on a step with a one-hour timeout and samples the coordinator's RSS as their
 * number grows: up to `apiCount` started through the API (each a real start transaction and
 * command), then the rest up to `total` cloned in SQL (rows and timers, as a started saga
 * leaves them) so the full count fits the time budget. A flat RSS means waiting costs nothing.
 */
export async function parkSagas(options: {
  baseUrl: string;
  databaseUrl: string;
  coordinatorPid: number;
  apiCount: number;
  total: number;
  log: (line: string) => void;
}): Promise<ParkResult> {
  const samples: ParkSample[] = [{ parked: 0, rssMiB: processRssMiB(options.coordinatorPid) }];
  const batches = 4;
  const perBatch = Math.ceil(options.apiCount / batches);
  let viaApi = 0;
  for (let b = 0; b < batches && viaApi < options.apiCount; b++) {
    const count = Math.min(perBatch, options.apiCount - viaApi);
    const offset = viaApi;
    await runClosedLoop(count, 100, async (i) => {
      await startSaga(options.baseUrl, { definition: 'bench-park', input: { n: offset + i } });
      return 'PARKED';
    });
    viaApi += count;
    await new Promise((r) => setTimeout(r, 1000));
    samples.push({ parked: viaApi, rssMiB: processRssMiB(options.coordinatorPid) });
    options.log(`  parked ${viaApi} via the API, coordinator RSS ${samples.at(-1)!.rssMiB.toFixed(0)} MiB`);
  }
  const cloned = Math.max(0, options.total - viaApi);
  if (cloned > 0) {
    await cloneParkedSagas(options.databaseUrl, cloned);
    // Let the timer scheduler poll across the larger table for a few rounds.
    await new Promise((r) => setTimeout(r, 5000));
    samples.push({ parked: viaApi + cloned, rssMiB: processRssMiB(options.coordinatorPid) });
    options.log(`  parked ${viaApi + cloned} (incl. ${cloned} cloned), coordinator RSS ${samples.at(-1)!.rssMiB.toFixed(0)} MiB`);
  }
  return { viaApi, cloned, samples };
}

/** Copies one API-parked saga's row and timers `count` times under new ids. */
async function cloneParkedSagas(databaseUrl: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      CREATE TEMP TABLE park_ids AS SELECT gen_random_uuid() AS id FROM generate_series(1, ${Math.floor(count)});
      INSERT INTO saga (id, definition_name, definition_version, status, state, input, last_seq, created_at, updated_at)
        SELECT p.id, s.definition_name, s.definition_version, s.status, s.state, s.input, s.last_seq, now(), now()
        FROM park_ids p CROSS JOIN (SELECT * FROM saga WHERE definition_name = 'bench-park' LIMIT 1) s;
      INSERT INTO saga_timer (saga_id, kind, step, attempt, due_at)
        SELECT p.id, t.kind, t.step, t.attempt, t.due_at
        FROM park_ids p CROSS JOIN (SELECT t.* FROM saga_timer t JOIN saga s ON s.id = t.saga_id WHERE s.definition_name = 'bench-park' LIMIT 1) t;`);
  } finally {
    await client.end();
  }
}
