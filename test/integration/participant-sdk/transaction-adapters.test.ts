import knex, { type Knex } from 'knex';
import pg from 'pg';
import { DataSource, EntitySchema, type EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createParticipant, type Participant, silentLogger, StepResult, type TransactionAdapter } from '@saga-coordinator/participant';
import { knexTransactions } from '@saga-coordinator/participant/knex';
import { typeormTransactions } from '@saga-coordinator/participant/typeorm';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

/** The business table each adapter's participant writes, in the same schema as its fence. */
const Schema = 'booking';

interface Booking {
  sagaId: string;
  ref: string;
  state: string;
}

const BookingEntity = new EntitySchema<Booking>({
  name: 'Booking',
  tableName: 'bookings',
  schema: Schema,
  columns: { sagaId: { name: 'saga_id', type: 'uuid', primary: true }, ref: { type: 'text' }, state: { type: 'text' } },
});

/** The command payloads, declared once: the handlers are typed by them and the SDK checks them. */
const BookInput = z.object({
  input: z.object({ ref: z.string().min(1), explode: z.boolean().default(false), delayMs: z.number().int().nonnegative().optional() }),
});
const BookOutput = z.object({ bookingId: z.string() });
const CancelInput = z.object({ input: z.object({ ref: z.string() }), output: BookOutput.nullable() });

/** How one persistence library writes the booking: always through the `tx` the SDK handed the handler. */
interface Writer<Tx> {
  readonly name: string;
  open(databaseUrl: string): Promise<{ transactions: TransactionAdapter<Tx>; close(): Promise<void> }>;
  book(tx: Tx, booking: Booking): Promise<void>;
  cancel(tx: Tx, sagaId: string): Promise<void>;
}

const typeorm: Writer<EntityManager> = {
  name: 'TypeORM',
  async open(url) {
    const dataSource = await new DataSource({ type: 'postgres', url, entities: [BookingEntity], poolSize: 4 }).initialize();
    return { transactions: typeormTransactions(dataSource), close: () => dataSource.destroy() };
  },
  book: async (tx, booking) => void (await tx.getRepository(BookingEntity).insert(booking)),
  cancel: async (tx, sagaId) => void (await tx.getRepository(BookingEntity).update({ sagaId }, { state: 'CANCELLED' })),
};

const knexWriter: Writer<Knex.Transaction> = {
  name: 'Knex',
  async open(url) {
    const instance = knex({ client: 'pg', connection: url, pool: { min: 0, max: 4 } });
    return { transactions: knexTransactions(instance), close: () => instance.destroy() };
  },
  book: async (tx, booking) =>
    void (await tx.withSchema(Schema).table('bookings').insert({ saga_id: booking.sagaId, ref: booking.ref, state: booking.state })),
  cancel: async (tx, sagaId) => void (await tx.withSchema(Schema).table('bookings').where({ saga_id: sagaId }).update({ state: 'CANCELLED' })),
};

/**
 * The fenced transaction is the library's own: a handler that writes through a TypeORM
 * `EntityManager` or a `Knex.Transaction` commits with the fence row or not at all, against
 * real PostgreSQL and RabbitMQ.
 */
describe.each([{ writer: typeorm }, { writer: knexWriter as Writer<unknown> }])('the $writer.name adapter', ({ writer }) => {
  const participantName = `booking-${writer.name.toLowerCase()}`;
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let closeLibrary: () => Promise<void>;
  let participant: Participant<unknown>;
  let probe: CoordinatorProbe;
  const runs = { book: new Map<string, number>(), cancel: new Map<string, number>() };
  const bump = (map: Map<string, number>, sagaId: string): void => void map.set(sagaId, (map.get(sagaId) ?? 0) + 1);
  const book = (payload: unknown, sagaId?: string) =>
    stepCommand({ participant: participantName, command: 'book', payload, ...(sagaId !== undefined ? { sagaId } : {}) });
  const cancel = (sagaId: string, payload: unknown) =>
    stepCommand({ participant: participantName, command: 'cancel', kind: 'compensate', sagaId, payload });

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_adapters');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    await pool.query(`CREATE SCHEMA ${Schema}; CREATE TABLE ${Schema}.bookings (saga_id uuid PRIMARY KEY, ref text NOT NULL, state text NOT NULL)`);
    const library = await writer.open(infra.databaseUrl);
    closeLibrary = () => library.close();
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    participant = createParticipant({
      name: participantName,
      rabbitmqUrl: infra.rabbitmqUrl,
      fence: { transactions: library.transactions, schema: Schema },
      logger: silentLogger,
    })
      .handle('book', { input: BookInput, output: BookOutput }, async (command, { tx }) => {
        bump(runs.book, command.sagaId);
        const { ref, explode, delayMs } = command.payload.input; // typed by BookInput
        if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs));
        await writer.book(tx, { sagaId: command.sagaId, ref, state: 'BOOKED' });
        if (explode) throw new Error('exploded after writing');
        return StepResult.succeeded({ bookingId: `booking-${ref}` });
      })
      .compensate('cancel', { input: CancelInput }, async (command, { tx }) => {
        bump(runs.cancel, command.sagaId);
        await writer.cancel(tx, command.sagaId);
        return StepResult.compensated();
      });
    await participant.start();
  });

  afterAll(async () => {
    await participant?.stop();
    await probe?.close();
    await closeLibrary?.();
    await pool?.end();
    await infra?.dispose();
  });

  const bookings = async (sagaId: string): Promise<string[]> =>
    (await pool.query<{ state: string }>(`SELECT state FROM ${Schema}.bookings WHERE saga_id = $1`, [sagaId])).rows.map((row) => row.state);
  const fence = async (sagaId: string): Promise<string[]> =>
    (
      await pool.query<{ kind: string; outcome: string }>(`SELECT kind, outcome FROM ${Schema}.saga_fence WHERE saga_id = $1 ORDER BY kind DESC`, [
        sagaId,
      ])
    ).rows.map((row) => `${row.kind}:${row.outcome}`);

  it('commits the business row and the fence row together when the handler succeeds', async () => {
    const command = await probe.send(book({ input: { ref: 'ok' } }));

    const { body } = await probe.replyTo(command);

    expect(body).toMatchObject({ outcome: 'succeeded', output: { bookingId: 'booking-ok' } });
    expect(await bookings(command.sagaId)).toEqual(['BOOKED']);
    expect(await fence(command.sagaId)).toEqual(['execute:succeeded']);
  });

  it('rolls back both when the handler writes and then throws', async () => {
    const command = await probe.send(book({ input: { ref: 'boom', explode: true } }));

    const { body } = await probe.replyTo(command);

    expect(body).toMatchObject({ outcome: 'error', failure: { code: 'handler-error', message: 'exploded after writing' } });
    expect(runs.book.get(command.sagaId)).toBe(1);
    expect(await bookings(command.sagaId)).toEqual([]);
    expect(await fence(command.sagaId)).toEqual([]);
  });

  it('answers a redelivered command from the fence: one run, one row, the same reply', async () => {
    const command = await probe.send(book({ input: { ref: 'twice' } }));
    const first = await probe.replyTo(command);
    await probe.send(command);

    const second = await probe.replyTo(command, 2);

    expect(second.body).toMatchObject({ outcome: 'succeeded', output: first.body.output });
    expect(runs.book.get(command.sagaId)).toBe(1);
    expect(await bookings(command.sagaId)).toEqual(['BOOKED']);
  });

  it('runs the handler once when the same command is delivered several times at once (the fence lock holds on the library connection)', async () => {
    const command = book({ input: { ref: 'racing', delayMs: 150 } });
    await Promise.all([1, 2, 3, 4].map(() => probe.send(command)));

    await eventually(() => (probe.repliesTo(command).length === 4 ? true : undefined), { what: 'four replies' });

    expect(new Set(probe.repliesTo(command).map((reply) => reply.body.outcome))).toEqual(new Set(['succeeded']));
    expect(runs.book.get(command.sagaId)).toBe(1);
    expect(await bookings(command.sagaId)).toEqual(['BOOKED']);
  });

  it('compensates through the library in the fenced transaction, once however often delivered', async () => {
    const execute = await probe.send(book({ input: { ref: 'undo' } }));
    const { body } = await probe.replyTo(execute);
    const compensate = await probe.send(cancel(execute.sagaId, { input: { ref: 'undo' }, output: body.output }));
    expect((await probe.replyTo(compensate)).body.outcome).toBe('compensated');
    await probe.send(compensate);

    expect((await probe.replyTo(compensate, 2)).body.outcome).toBe('compensated');
    expect(runs.cancel.get(execute.sagaId)).toBe(1);
    expect(await bookings(execute.sagaId)).toEqual(['CANCELLED']);
    expect(await fence(execute.sagaId)).toEqual(['execute:succeeded', 'compensate:compensated']);
  });

  it('answers a payload its schema refuses with failed invalid-payload, without running the handler, and keeps the answer', async () => {
    const command = await probe.send(book({ input: { ref: 42 } }));

    const { body } = await probe.replyTo(command);

    expect(body).toMatchObject({ outcome: 'failed', failure: { code: 'invalid-payload' } });
    expect(body.failure?.message).toMatch(/^the command payload does not match its schema: input\.ref: /);
    expect(runs.book.get(command.sagaId)).toBeUndefined();
    expect(await fence(command.sagaId)).toEqual(['execute:failed']);
    await probe.send(command);
    expect((await probe.replyTo(command, 2)).body).toMatchObject({ outcome: 'failed', failure: { code: 'invalid-payload' } });
  });

  it('answers a compensation payload its schema refuses with error invalid-payload (retried, never claimed compensated)', async () => {
    const execute = await probe.send(book({ input: { ref: 'bad-undo' } }));
    await probe.replyTo(execute);
    const compensate = await probe.send(cancel(execute.sagaId, { output: 'not an object' }));

    const { body } = await probe.replyTo(compensate);

    expect(body).toMatchObject({ outcome: 'error', failure: { code: 'invalid-payload' } });
    expect(runs.cancel.get(execute.sagaId)).toBeUndefined();
    expect(await bookings(execute.sagaId)).toEqual(['BOOKED']);
    expect(await fence(execute.sagaId)).toEqual(['execute:succeeded']);
  });
});
