import pg from 'pg';

/**
 * Seeds `count` finished `bench-3` sagas whose one-minute retention passed two minutes ago, each
 * with the rows a real one leaves (a step log of 8 entries, 3 inbox rows, 6 sent outbox rows with
 * payloads), so that housekeeping has a backlog to delete while a measured run goes on: its
 * worst-case interference with the hot path, not an idle sweep.
 */
export async function seedExpiredSagas(databaseUrl: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH sagas AS (
         INSERT INTO saga (id, definition_name, definition_version, status, state, input, output, last_seq, created_at, updated_at, finished_at)
         SELECT gen_random_uuid(), 'bench-3', 1, 'COMPLETED', jsonb_build_object('status', 'COMPLETED', 'steps', repeat('x', 1200)),
                jsonb_build_object('n', i), '{}', 8, now() - interval '3 minutes', now() - interval '2 minutes', now() - interval '2 minutes'
         FROM generate_series(1, $1::int) AS i
         RETURNING id
       ), events AS (
         INSERT INTO saga_event (saga_id, seq, type, step, attempt, data, at)
         SELECT id, seq, 'StepSucceeded', 's01', 1, '{"output":{}}', now() - interval '2 minutes' FROM sagas, generate_series(1, 8) AS seq
       ), inbox AS (
         INSERT INTO inbox_message (message_id, saga_id, received_at)
         SELECT id || ':s0' || k || ':execute:1:reply', id, now() - interval '2 minutes' FROM sagas, generate_series(1, 3) AS k
       )
       INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload, created_at, sent_at)
       SELECT id || ':' || k, 'saga.commands', 'bench', 'command', id::text, '{}', jsonb_build_object('pad', repeat('y', 400)),
              now() - interval '3 minutes', now() - interval '2 minutes'
       FROM sagas, generate_series(1, 6) AS k`,
      [count],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
