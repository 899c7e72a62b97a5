import { brokerUrlsOf } from '@saga-coordinator/contracts';
import { z } from 'zod';

/** Environment flags arrive as strings: accept the usual spellings, refuse anything else. */
const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
/** A retention of history rows: 1 minute to 10 years, 30 days unless set. */
const historyRetentionMs = () => z.coerce.number().int().min(60_000).max(315_360_000_000).default(2_592_000_000);

/** `256kb`, `1mb`, `1024` (bytes): the syntax body-parser's `limit` accepts. */
const byteSize = z.string().regex(/^\d+(b|kb|mb)?$/i, 'expected a size such as 1024, 256kb or 1mb');

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:$/.test(new URL(value).protocol), 'expected a postgres:// URL');

/** One broker URL, or the URLs of a cluster's nodes separated by commas (all amqp(s)://, one user). */
const amqpUrlList = z.string().superRefine((value, ctx) => {
  try {
    brokerUrlsOf(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** `cardNumber,customer.email,items.*.token`: keys or dotted paths, comma-separated. */
const redactPathList = /^$|^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*-]+)*(,[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*-]+)*)*$/;

/** `inventory:inventory,payment:svc-payment`: participant name, colon, broker user; comma-separated. */
const participantBrokerUserList = /^$|^[a-z][a-z0-9-]*:[^\s:,]+(,[a-z][a-z0-9-]*:[^\s:,]+)*$/;

/** `hooks.example.com,*.partner.example`: host names, a leading `*.` for subdomains, comma-separated. */
const webhookHostList = /^$|^(\*\.)?[A-Za-z0-9.-]+(,(\*\.)?[A-Za-z0-9.-]+)*$/;

/** Log levels pino knows, most to least verbose. */
export const LogLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** How log lines are written: JSON objects for collectors, or one readable line each for a person. */
export const LogFormats = ['json', 'pretty'] as const;

/**
 * Every environment variable the coordinator reads, with a default that works on a
 * development machine with local PostgreSQL and RabbitMQ. The `.describe()` texts are the
 * configuration table of the README.
 */
export const AppConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe('HTTP port of the REST API.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface the HTTP server binds to.'),
  DATABASE_URL: postgresUrl
    .default('postgres://postgres:postgres@localhost:5432/saga')
    .describe('PostgreSQL connection URL; the database is created at start-up if it is missing.'),
  DATABASE_POOL_SIZE: positiveInt(200).default(10).describe('Maximum PostgreSQL connections of one coordinator process.'),
  RABBITMQ_URL: amqpUrlList
    .default('amqp://guest:guest@localhost:5672')
    .describe(
      "RabbitMQ connection URL; for a cluster, every node's URL separated by commas (same user): each connection starts at the first and tries the next node whenever it has to reconnect.",
    ),
  LOG_LEVEL: z.enum(LogLevels).default('info').describe('Minimum level of the logs.'),
  LOG_FORMAT: z
    .enum(LogFormats)
    .default('json')
    .describe(
      '`json`: one JSON object per line (for log collectors). `pretty`: one readable line per event through pino-pretty (a development dependency), the shape the example participants use too; `npm start` sets it.',
    ),
  HTTP_BODY_LIMIT: byteSize.default('256kb').describe('Largest accepted HTTP request body; bigger ones get 413.'),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(3_600_000)
    .default(65_000)
    .describe(
      'How long an idle keep-alive HTTP connection stays open. Longer than the idle timeout of the clients and load balancers in front (60 s is common), so the server never closes a socket one of them is about to reuse.',
    ),
  OUTBOX_POLL_INTERVAL_MS: positiveInt(60_000)
    .default(1000)
    .describe('How often the outbox relay looks for messages the publish-after-commit path did not send.'),
  OUTBOX_MARK_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(900)
    .default(200)
    .describe(
      'How long a confirmed command waits for its reply to mark it sent before the relay marks it (batched); 0 marks each one at once after its confirm.',
    ),
  TIMER_POLL_INTERVAL_MS: positiveInt(60_000)
    .default(1000)
    .describe(
      'Longest sleep of the timer scheduler: it sleeps until the next due timer (woken by timers this replica arms), and at least this often looks for timers other replicas armed.',
    ),
  CONSUME_REPLIES: booleanFlag
    .default(true)
    .describe(
      'false: this process serves the API and publishes the outbox but consumes no replies (an API-only replica); another replica must consume them.',
    ),
  REPLY_PREFETCH: positiveInt(10_000).default(50).describe('Unacknowledged replies the coordinator takes at once.'),
  PUBLISH_CONFIRM_TIMEOUT_MS: positiveInt(600_000)
    .default(10_000)
    .describe('How long a publish waits for the broker confirm before the message is left for the relay to retry.'),
  INITIAL_DEFINITIONS_FILE: z
    .string()
    .default('')
    .describe(
      'A JSON file of saga definitions (one definition or an array, in the JSON form of docs/definitions.md; `version` defaults to 1) registered at start-up when missing; a bad file stops the start. Empty: none. `npm start` and `npm run start:coordinator` (unless it is set) pass the example order saga, `examples/order/order.definition.json`.',
    ),
  AUTH_DISABLED: booleanFlag
    .default(false)
    .describe('Turn API key authentication off (local use only: every caller gets every scope). Off only when set explicitly.'),
  RATE_LIMIT_PER_KEY: positiveInt(1_000_000)
    .default(600)
    .describe('Requests one API key (or, without a key, one client address) may make per rate-limit window; more get 429.'),
  RATE_LIMIT_WINDOW_MS: positiveInt(3_600_000).default(60_000).describe('Length of the rate-limit window.'),
  MAX_IN_FLIGHT_SAGAS_PER_KEY: positiveInt(10_000_000)
    .default(1000)
    .describe('Sagas one API key may have RUNNING or COMPENSATING at once, the child sagas of its sagas included; a start beyond it gets 429.'),
  STREAM_MAX_PER_KEY: positiveInt(10_000)
    .default(10)
    .describe('Live streams (`GET /v1/sagas/stream`) one API key may hold open at once on one replica; one more gets 429.'),
  STREAM_MAX_TOTAL: positiveInt(100_000)
    .default(200)
    .describe('Live streams all callers together may hold open at once on one replica; one more gets 429.'),
  STREAM_IDLE_TIMEOUT_MS: positiveInt(86_400_000)
    .default(600_000)
    .describe(
      'A live stream that sent no saga event for this long is ended (a client such as the dashboard reconnects), so forgotten streams do not hold a place.',
    ),
  STREAM_MAX_BUFFERED_BYTES: positiveInt(1_073_741_824)
    .default(1_048_576)
    .describe(
      'Bytes of saga events one live stream may hold for a reader that does not keep up (once the socket takes no more); a reader further behind is disconnected instead of buffered without limit.',
    ),
  WAIT_MAX_SECONDS: positiveInt(600)
    .default(60)
    .describe('Longest `Prefer: wait=<seconds>` honoured on POST /v1/sagas and GET /v1/sagas/{id}; a longer wish waits this long.'),
  WAIT_MAX_WAITERS: positiveInt(100_000)
    .default(2000)
    .describe('Requests one coordinator process may hold waiting for a saga to settle at once; one more gets 429.'),
  WAIT_MAX_WAITERS_PER_KEY: positiveInt(100_000)
    .default(500)
    .describe('Waiting requests one API key (auth off: all callers together) may hold in one process at once; one more gets 429.'),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(3_600_000)
    .default(15_000)
    .describe('PostgreSQL statement_timeout of every pooled connection: a statement running longer is cancelled.'),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt(3_600_000)
    .default(30_000)
    .describe('PostgreSQL idle_in_transaction_session_timeout: a transaction left idle longer is ended, releasing its locks.'),
  SHUTDOWN_TIMEOUT_MS: positiveInt(600_000)
    .default(10_000)
    .describe('How long a graceful shutdown waits for in-flight work before closing connections.'),
  ATTENTION_RUNNING_LONGER_THAN_MS: positiveInt(604_800_000)
    .default(300_000)
    .describe('A saga RUNNING or COMPENSATING for longer than this needs attention (the dashboard and `GET /v1/sagas?attention=true`).'),
  PARTICIPANT_BROKER_USERS: z
    .string()
    .regex(participantBrokerUserList, 'expected comma-separated participant:broker-user pairs such as inventory:inventory,payment:payment')
    .refine((value) => {
      const names = value === '' ? [] : value.split(',').map((pair) => pair.split(':')[0]);
      return new Set(names).size === names.length;
    }, 'names a participant twice')
    .default('')
    .describe(
      'Which RabbitMQ user each participant publishes as (`inventory:inventory,payment:payment`): replies and announcements of a listed participant are accepted only from its user (the AMQP `user-id`, which the broker verifies). A participant not listed is bound to the user of its first announcement. See docs/security.md.',
    ),
  PAYLOAD_REDACT_PATHS: z
    .string()
    .regex(redactPathList, 'expected comma-separated keys or dotted paths such as cardNumber,customer.email')
    .default('')
    .describe(
      'Comma-separated keys (`cardNumber`: at any depth) or dotted paths (`customer.email` from the payload root, `*` matches any one key) whose values the saga and step-log endpoints answer as `[REDACTED]` (in saga input and output, step outputs and step-log data).',
    ),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .regex(webhookHostList, 'expected comma-separated host names such as hooks.example.com,*.partner.example')
    .default('')
    .describe(
      'Comma-separated host names webhook targets may use (`*.example.com` allows its subdomains); empty: any host. Checked when a subscription is created and before every delivery.',
    ),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag
    .default(false)
    .describe(
      'Allow webhook targets on loopback, private, link-local and other non-public addresses (checked on the resolved address at every delivery, against DNS rebinding). Off unless set.',
    ),
  WEBHOOK_ALLOW_HTTP: booleanFlag.default(false).describe('Allow plain `http://` webhook targets; off: `https://` only.'),
  WEBHOOK_TIMEOUT_MS: positiveInt(60_000)
    .default(10_000)
    .describe('How long one webhook delivery attempt may take (connect, send, answer) before it counts as failed.'),
  WEBHOOK_MAX_ATTEMPTS: positiveInt(50)
    .default(10)
    .describe('Attempts per webhook delivery; after the last failed one the delivery is given up (`FAILED`).'),
  WEBHOOK_RETRY_INITIAL_DELAY_MS: positiveInt(3_600_000)
    .default(5_000)
    .describe(
      'Delay before the second attempt of a webhook delivery; it doubles after each failure (with jitter) up to `WEBHOOK_RETRY_MAX_DELAY_MS`.',
    ),
  WEBHOOK_RETRY_MAX_DELAY_MS: positiveInt(86_400_000).default(3_600_000).describe('Longest delay between two attempts of a webhook delivery.'),
  WEBHOOK_DISABLE_AFTER_FAILURES: positiveInt(10_000)
    .default(20)
    .describe('Consecutive failed attempts (over all its deliveries) after which a webhook subscription is disabled until an operator enables it.'),
  WEBHOOK_POLL_INTERVAL_MS: positiveInt(60_000)
    .default(1000)
    .describe('How often each replica looks for webhook deliveries that are due (new events on this replica wake it at once).'),
  HOUSEKEEPING_ENABLED: booleanFlag
    .default(true)
    .describe(
      'Run housekeeping on this replica: deletes finished sagas past their retention, sent outbox rows and settled webhook deliveries (every replica may, no leader).',
    ),
  HOUSEKEEPING_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(10_000)
    .describe('Pause between housekeeping rounds once a round found nothing more to delete.'),
  HOUSEKEEPING_BATCH_SIZE: positiveInt(5000)
    .default(500)
    .describe(
      'Rows one housekeeping transaction deletes at most (sagas with their rows, outbox rows, or webhook deliveries with their attempts): keeps each transaction and its locks short.',
    ),
  INPUT_INDEX_REBUILD_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_592_000_000)
    .default(86_400_000)
    .describe(
      'How often housekeeping rebuilds the saga input index (`REINDEX CONCURRENTLY`, one replica per interval; writes go on): a GIN index keeps every input value it ever held, deleted sagas included, so it grows without a rebuild. Default 1 day; 0 never.',
    ),
  RETENTION_FINISHED_SAGAS_MS: historyRetentionMs().describe(
    'How long a COMPLETED or COMPENSATED saga (with its step log, timers and inbox rows) is kept after it finished, unless its definition sets `retentionMs`. Default 30 days; 1 minute to 10 years.',
  ),
  OUTBOX_SENT_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(60_000)
    .describe('How long an outbox row is kept after the broker confirmed it (or a reply proved it arrived); unsent rows are never deleted.'),
  WEBHOOK_DELIVERY_RETENTION_MS: historyRetentionMs().describe(
    'How long a webhook delivery (with its attempts) is kept after it settled: delivered, or given up after its last attempt; pending ones are never deleted. Default 30 days; 1 minute to 10 years.',
  ),
  BULK_MAX_MATCHED_SAGAS: positiveInt(1_000_000)
    .default(100_000)
    .describe('The most sagas one bulk operation (`POST /v1/bulk-operations`) may act on; a filter that matches more is refused (422).'),
  BULK_POLL_INTERVAL_MS: positiveInt(60_000)
    .default(1000)
    .describe('How often each replica looks for pending items of running bulk operations (an operation created on this replica wakes it at once).'),
  WEBHOOK_SECRET_ENCRYPTION_KEY: z
    .string()
    .regex(/^$|^[A-Za-z0-9+/]{43}=$/, 'expected 32 bytes in base64 (openssl rand -base64 32)')
    .default('')
    .describe(
      'Key (32 bytes, base64) that encrypts the webhook signing secrets at rest (AES-256-GCM). Empty: they are stored unencrypted. Changing it makes the stored secrets unreadable.',
    ),
  ARCHIVE_DIR: z
    .string()
    .max(4096)
    .default('')
    .describe(
      'Directory where finished sagas are archived (with their step log, as gzip-compressed JSON Lines: docs/archive.md) before retention deletes them; `npm run archive` reads them back. Empty: no archive, retention deletes without a copy.',
    ),
  ARCHIVE_FILE_MAX_BYTES: positiveInt(1_073_741_824)
    .default(67_108_864)
    .describe(
      'Compressed size at which an archive file is closed and the next one begun (a file may pass it by one saga line and the compressor buffer); every archive batch also closes its file.',
    ),
});

/** The validated, typed configuration. */
export type AppConfigValues = z.output<typeof AppConfigSchema>;
