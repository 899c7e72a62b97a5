import type pg from 'pg';
import type { TransactionClient } from './pg-transactions.js';
import type { ParticipantLogger } from './participant-logger.js';
import type { TransactionAdapter } from './transaction-adapter.js';
import { brokerUrlsOf, MAX_MESSAGE_BYTES } from '@saga-coordinator/contracts';

/**
 * Where the fence lives and how a handler's transaction is opened: either a `pg.Pool` (handlers
 * get a `pg` client as `ctx.tx`) or a transaction adapter (`typeormTransactions(dataSource)`
 * from `@saga-coordinator/participant/typeorm`, `knexTransactions(knex)` from
 * `@saga-coordinator/participant/knex`, `pgTransactions(pool)`), whose handle becomes `ctx.tx`.
 * The fence table `<schema>.saga_fence` is created there at start (or beforehand from
 * `sql/001_fence.sql`).
 */
export type FenceOptions<Tx = TransactionClient> =
  | { readonly pool: pg.Pool; readonly schema: string; readonly transactions?: never }
  | { readonly transactions: TransactionAdapter<Tx>; readonly schema: string; readonly pool?: never };

/** Configuration of `createParticipant`. `Tx` is what handlers get as `ctx.tx`. */
export interface ParticipantOptions<Tx = TransactionClient> {
  /** The participant's name: its queue is `saga.participant.<name>`, commands route as `<name>.<command>`. */
  readonly name: string;
  /**
   * `amqp://user:pass@host:port/vhost`. Every message is published with `user-id` = this URL's
   * user (`guest` when it names none): the broker verifies it, and the coordinator accepts the
   * participant's replies and announcements only from the user it is bound to.
   *
   * For a RabbitMQ cluster, the URL of every node: an array, or one string with the URLs
   * separated by commas (at most 16, all logging in as the same user). Each connection starts at
   * the first and tries the next node whenever it has to reconnect.
   */
  readonly rabbitmqUrl: string | readonly string[];
  /**
   * The participant's own PostgreSQL database. The SDK creates `<schema>.saga_fence` there and
   * runs each handler in one transaction together with the fence record: a transaction of
   * `pool`, or one the `transactions` adapter opens (TypeORM, Knex).
   */
  readonly fence: FenceOptions<Tx>;
  /** Commands handled at once (AMQP prefetch). Default 16. */
  readonly prefetch?: number;
  /**
   * Where the SDK logs, in pino's `(fields, message)` convention: a pino logger (or a child with
   * bindings) fits as it is and keeps every field. Default: JSON lines on stdout/stderr.
   */
  readonly logger?: ParticipantLogger;
  /** Heartbeat announcements to the coordinator. Default 30 s. */
  readonly announceIntervalMs?: number;
  /** How long a reply (or dead-lettered message) may wait for the broker's confirm. Default 10 s. */
  readonly confirmTimeoutMs?: number;
  /** Larger command bodies are dead-lettered unread. Default 1 MiB (`MAX_MESSAGE_BYTES`, the coordinator's limit too). */
  readonly maxMessageBytes?: number;
  /** Failed connection attempts `start()` tolerates before it rejects. Default 20 (about a minute). */
  readonly startupRetries?: number;
  /**
   * Whether the participant declares the shared exchanges and the dead-letter queue itself
   * (default true: convenient in development). Set false under least-privilege broker users
   * (scripts/rabbitmq-least-privilege.sh with PARTICIPANT_DECLARES_SHARED_TOPOLOGY=false): the
   * shared topology is then only checked passively, and the coordinator (which declares it)
   * must have started once.
   */
  readonly declareSharedTopology?: boolean;
  /** Identifies this process in announcements and connection names. Default `<host>:<pid>:<random>`. */
  readonly instance?: string;
}

/** Defaults of the optional settings. */
export const ParticipantDefaults = {
  prefetch: 16,
  announceIntervalMs: 30_000,
  confirmTimeoutMs: 10_000,
  maxMessageBytes: MAX_MESSAGE_BYTES,
  startupRetries: 20,
} as const;

/** Checks the settings that would otherwise fail late and obscurely; returns a sentence per problem. */
export function optionProblems(options: ParticipantOptions<unknown>): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(options.name)) problems.push(`name must be kebab-case (a-z, 0-9, -), got ${JSON.stringify(options.name)}`);
  const prefetch = options.prefetch ?? ParticipantDefaults.prefetch;
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65535) problems.push(`prefetch must be an integer in 1..65535, got ${prefetch}`);
  try {
    brokerUrlsOf(options.rabbitmqUrl);
  } catch (error) {
    problems.push(`rabbitmqUrl: ${(error as Error).message}`);
  }
  const fence = options.fence as { pool?: unknown; transactions?: unknown } | undefined;
  if (fence === undefined || (fence.pool === undefined) === (fence.transactions === undefined)) {
    problems.push('fence needs exactly one of pool (a pg.Pool) and transactions (a transaction adapter)');
  }
  return problems;
}
