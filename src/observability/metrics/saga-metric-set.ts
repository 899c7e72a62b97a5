import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds: from a few milliseconds (in-process participants) to minutes (slow steps, long backoffs). */
const DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Reads the gauges that are computed when Prometheus scrapes (shared across replicas: from the database). */
export interface ScrapeTimeSources {
  /** Sagas not finished yet, by definition and status. */
  inFlight(): Promise<readonly { definition: string; status: string; count: number }[]>;
  /** Unsent outbox rows and the age of the oldest. */
  outboxBacklog(): Promise<{ count: number; oldestAgeMs: number | null }>;
}

/**
 * Every metric of the coordinator, registered on one registry. Labels are bounded: definition
 * and step names come from registered definitions, everything else from closed vocabularies;
 * never a saga id.
 */
export function createSagaMetricSet(registry: Registry, sources: ScrapeTimeSources) {
  const registers = [registry];
  return {
    started: new Counter({ name: 'saga_started_total', help: 'Sagas started.', labelNames: ['definition'], registers }),
    completed: new Counter({
      name: 'saga_completed_total',
      help: 'Sagas that completed (every step succeeded).',
      labelNames: ['definition'],
      registers,
    }),
    compensated: new Counter({ name: 'saga_compensated_total', help: 'Sagas whose effects were all undone.', labelNames: ['definition'], registers }),
    compensationFailed: new Counter({
      name: 'saga_compensation_failed_total',
      help: 'Sagas that stopped in COMPENSATION_FAILED (a compensation spent its retry budget): they wait for an operator.',
      labelNames: ['definition'],
      registers,
    }),
    inFlight: new Gauge({
      name: 'saga_in_flight',
      help: 'Sagas not finished, by status (RUNNING, COMPENSATING, COMPENSATION_FAILED); read from the database at scrape time, so right across replicas.',
      labelNames: ['definition', 'status'],
      registers,
      async collect() {
        const rows = await orUndefined(sources.inFlight());
        if (rows === undefined) return;
        this.reset();
        for (const row of rows) this.set({ definition: row.definition, status: row.status }, row.count);
      },
    }),
    stepDuration: new Histogram({
      name: 'saga_step_duration_seconds',
      help: 'From the first attempt of a step to its outcome (retries and backoff included).',
      labelNames: ['definition', 'step', 'outcome'],
      buckets: DurationBuckets,
      registers,
    }),
    compensationDuration: new Histogram({
      name: 'saga_compensation_duration_seconds',
      help: 'From the first compensation attempt of a step to its outcome.',
      labelNames: ['definition', 'step', 'outcome'],
      buckets: DurationBuckets,
      registers,
    }),
    scheduleToStart: new Histogram({
      name: 'saga_step_schedule_to_start_seconds',
      help: 'From the command being committed by the coordinator to the participant starting to handle it.',
      labelNames: ['definition', 'step', 'kind'],
      buckets: DurationBuckets,
      registers,
    }),
    retries: new Counter({
      name: 'saga_step_retries_total',
      help: 'Retries scheduled after a technical error or a timeout, per step and kind (execute, compensate).',
      labelNames: ['definition', 'step', 'kind'],
      registers,
    }),
    outboxBacklog: new Gauge({
      name: 'saga_outbox_backlog_messages',
      help: 'Outbox rows not yet confirmed by RabbitMQ.',
      registers,
      async collect() {
        const backlog = await orUndefined(sources.outboxBacklog());
        if (backlog !== undefined) this.set(backlog.count);
      },
    }),
    outboxOldestAge: new Gauge({
      name: 'saga_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest unsent outbox row (0 when there is none).',
      registers,
      async collect() {
        const backlog = await orUndefined(sources.outboxBacklog());
        if (backlog !== undefined) this.set((backlog.oldestAgeMs ?? 0) / 1000);
      },
    }),
    deadLettered: new Counter({
      name: 'saga_messages_dead_lettered_total',
      help: 'Inbound messages the coordinator dead-lettered, by cause (malformed, rejected).',
      labelNames: ['cause'],
      registers,
    }),
    inboundRefused: new Counter({
      name: 'saga_inbound_refused_total',
      help: 'Inbound messages refused because their verified sender may not send them (dead-lettered as rejected), by reason.',
      labelNames: ['reason'],
      registers,
    }),
    housekeepingDeleted: new Counter({
      name: 'saga_housekeeping_deleted_total',
      help: 'Rows housekeeping deleted (finished sagas past their retention with their rows, sent outbox rows), by table.',
      labelNames: ['table'],
      registers,
    }),
    housekeepingBatchDuration: new Histogram({
      name: 'saga_housekeeping_batch_duration_seconds',
      help: 'Duration of one housekeeping transaction (select with SKIP LOCKED, archive, delete, commit).',
      buckets: DurationBuckets,
      registers,
    }),
    replyLag: new Histogram({
      name: 'saga_reply_consumer_lag_seconds',
      help: 'From a participant publishing a reply (repliedAt) to the coordinator having processed it, by result (applied, duplicate, rejected).',
      labelNames: ['result'],
      buckets: DurationBuckets,
      registers,
    }),
  };
}

/** The metric objects of `createSagaMetricSet`. */
export type SagaMetricSet = ReturnType<typeof createSagaMetricSet>;

/**
 * A database read for a gauge, or undefined when PostgreSQL does not answer: the gauge keeps its
 * last value and the rest of the scrape still works (readiness reports the database).
 */
async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch {
    return undefined;
  }
}
