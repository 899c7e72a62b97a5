import { AppConfigSchema, type AppConfigValues } from './app-config.schema.js';
import { InvalidAppConfigError } from './invalid-app-config.error.js';
import { brokerUrlsOf, brokerUserOf } from '@saga-coordinator/contracts';

/**
 * The coordinator's configuration: the one typed source. Parsed once per process (main.ts, the
 * CLI) from the environment and handed to `AppConfigModule.forRoot`; injected by class token:
 * `constructor(private readonly config: AppConfig)`.
 */
export class AppConfig {
  readonly port!: number;
  readonly httpKeepAliveTimeoutMs!: number;
  readonly host!: string;
  readonly databaseUrl!: string;
  readonly databasePoolSize!: number;
  /** `RABBITMQ_URL`, split at commas: the nodes of the broker cluster (one URL for a single broker). */
  readonly rabbitmqUrls!: readonly string[];
  /** The RabbitMQ user the coordinator connects as (the user of `RABBITMQ_URL`, `guest` when it names none; one user for all nodes). */
  readonly coordinatorBrokerUser!: string;
  /** `PARTICIPANT_BROKER_USERS`: participant name → the broker user it must publish as. */
  readonly participantBrokerUsers!: ReadonlyMap<string, string>;
  readonly logLevel!: AppConfigValues['LOG_LEVEL'];
  readonly logFormat!: AppConfigValues['LOG_FORMAT'];
  readonly httpBodyLimit!: string;
  readonly outboxPollIntervalMs!: number;
  readonly outboxMarkDelayMs!: number;
  readonly timerPollIntervalMs!: number;
  readonly replyPrefetch!: number;
  readonly publishConfirmTimeoutMs!: number;
  /** `INITIAL_DEFINITIONS_FILE`; empty when none. */
  readonly initialDefinitionsFile!: string;
  readonly shutdownTimeoutMs!: number;
  readonly authDisabled!: boolean;
  readonly consumeReplies!: boolean;
  readonly rateLimitPerKey!: number;
  readonly rateLimitWindowMs!: number;
  readonly maxInFlightSagasPerKey!: number;
  readonly streamMaxPerKey!: number;
  readonly streamMaxTotal!: number;
  readonly streamIdleTimeoutMs!: number;
  readonly streamMaxBufferedBytes!: number;
  readonly waitMaxSeconds!: number;
  readonly waitMaxWaiters!: number;
  readonly waitMaxWaitersPerKey!: number;
  readonly databaseStatementTimeoutMs!: number;
  readonly databaseIdleInTransactionTimeoutMs!: number;
  readonly attentionRunningLongerThanMs!: number;
  /** `PAYLOAD_REDACT_PATHS`, split at commas. */
  readonly payloadRedactPaths!: readonly string[];
  /** `WEBHOOK_ALLOWED_HOSTS`, split at commas and lower-cased; empty: any host. */
  readonly webhookAllowedHosts!: readonly string[];
  readonly webhookAllowPrivateNetworks!: boolean;
  readonly webhookAllowHttp!: boolean;
  readonly webhookTimeoutMs!: number;
  readonly webhookMaxAttempts!: number;
  readonly webhookRetryInitialDelayMs!: number;
  readonly webhookRetryMaxDelayMs!: number;
  readonly webhookDisableAfterFailures!: number;
  readonly webhookPollIntervalMs!: number;
  readonly bulkMaxMatchedSagas!: number;
  readonly bulkPollIntervalMs!: number;
  /** `WEBHOOK_SECRET_ENCRYPTION_KEY`; empty when secrets are stored unencrypted. */
  readonly webhookSecretEncryptionKey!: string;
  /** `ARCHIVE_DIR`; empty when no archive is configured. */
  readonly archiveDir!: string;
  readonly archiveFileMaxBytes!: number;
  readonly housekeepingEnabled!: boolean;
  readonly housekeepingIntervalMs!: number;
  readonly housekeepingBatchSize!: number;
  /** 0: never. */
  readonly inputIndexRebuildIntervalMs!: number;
  readonly retentionFinishedSagasMs!: number;
  readonly outboxSentRetentionMs!: number;
  readonly webhookDeliveryRetentionMs!: number;

  constructor(values: AppConfigValues) {
    Object.assign(this, {
      port: values.PORT,
      httpKeepAliveTimeoutMs: values.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      host: values.HOST,
      databaseUrl: values.DATABASE_URL,
      databasePoolSize: values.DATABASE_POOL_SIZE,
      rabbitmqUrls: brokerUrlsOf(values.RABBITMQ_URL),
      coordinatorBrokerUser: brokerUserOf(brokerUrlsOf(values.RABBITMQ_URL)[0]!),
      participantBrokerUsers: new Map(
        values.PARTICIPANT_BROKER_USERS === ''
          ? []
          : values.PARTICIPANT_BROKER_USERS.split(',').map((pair) => pair.split(':', 2) as [string, string]),
      ),
      logLevel: values.LOG_LEVEL,
      logFormat: values.LOG_FORMAT,
      httpBodyLimit: values.HTTP_BODY_LIMIT,
      outboxPollIntervalMs: values.OUTBOX_POLL_INTERVAL_MS,
      outboxMarkDelayMs: values.OUTBOX_MARK_DELAY_MS,
      timerPollIntervalMs: values.TIMER_POLL_INTERVAL_MS,
      replyPrefetch: values.REPLY_PREFETCH,
      publishConfirmTimeoutMs: values.PUBLISH_CONFIRM_TIMEOUT_MS,
      initialDefinitionsFile: values.INITIAL_DEFINITIONS_FILE,
      shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
      authDisabled: values.AUTH_DISABLED,
      consumeReplies: values.CONSUME_REPLIES,
      rateLimitPerKey: values.RATE_LIMIT_PER_KEY,
      rateLimitWindowMs: values.RATE_LIMIT_WINDOW_MS,
      maxInFlightSagasPerKey: values.MAX_IN_FLIGHT_SAGAS_PER_KEY,
      streamMaxPerKey: values.STREAM_MAX_PER_KEY,
      streamMaxTotal: values.STREAM_MAX_TOTAL,
      streamIdleTimeoutMs: values.STREAM_IDLE_TIMEOUT_MS,
      streamMaxBufferedBytes: values.STREAM_MAX_BUFFERED_BYTES,
      waitMaxSeconds: values.WAIT_MAX_SECONDS,
      waitMaxWaiters: values.WAIT_MAX_WAITERS,
      waitMaxWaitersPerKey: values.WAIT_MAX_WAITERS_PER_KEY,
      databaseStatementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
      databaseIdleInTransactionTimeoutMs: values.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      attentionRunningLongerThanMs: values.ATTENTION_RUNNING_LONGER_THAN_MS,
      payloadRedactPaths: values.PAYLOAD_REDACT_PATHS === '' ? [] : values.PAYLOAD_REDACT_PATHS.split(','),
      webhookAllowedHosts: values.WEBHOOK_ALLOWED_HOSTS === '' ? [] : values.WEBHOOK_ALLOWED_HOSTS.toLowerCase().split(','),
      webhookAllowPrivateNetworks: values.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      webhookAllowHttp: values.WEBHOOK_ALLOW_HTTP,
      webhookTimeoutMs: values.WEBHOOK_TIMEOUT_MS,
      webhookMaxAttempts: values.WEBHOOK_MAX_ATTEMPTS,
      webhookRetryInitialDelayMs: values.WEBHOOK_RETRY_INITIAL_DELAY_MS,
      webhookRetryMaxDelayMs: values.WEBHOOK_RETRY_MAX_DELAY_MS,
      webhookDisableAfterFailures: values.WEBHOOK_DISABLE_AFTER_FAILURES,
      webhookPollIntervalMs: values.WEBHOOK_POLL_INTERVAL_MS,
      bulkMaxMatchedSagas: values.BULK_MAX_MATCHED_SAGAS,
      bulkPollIntervalMs: values.BULK_POLL_INTERVAL_MS,
      webhookSecretEncryptionKey: values.WEBHOOK_SECRET_ENCRYPTION_KEY,
      archiveDir: values.ARCHIVE_DIR,
      archiveFileMaxBytes: values.ARCHIVE_FILE_MAX_BYTES,
      housekeepingEnabled: values.HOUSEKEEPING_ENABLED,
      housekeepingIntervalMs: values.HOUSEKEEPING_INTERVAL_MS,
      housekeepingBatchSize: values.HOUSEKEEPING_BATCH_SIZE,
      inputIndexRebuildIntervalMs: values.INPUT_INDEX_REBUILD_INTERVAL_MS,
      retentionFinishedSagasMs: values.RETENTION_FINISHED_SAGAS_MS,
      outboxSentRetentionMs: values.OUTBOX_SENT_RETENTION_MS,
      webhookDeliveryRetentionMs: values.WEBHOOK_DELIVERY_RETENTION_MS,
    });
    Object.freeze(this);
  }
}

/**
 * Validates the environment variables the schema knows (others are ignored).
 * Empty strings count as unset, so `PORT=` falls back to the default.
 * @throws InvalidAppConfigError naming every bad variable (values are not echoed: they may be secrets).
 */
export function parseAppConfigValues(env: Readonly<Record<string, string | undefined>>): AppConfigValues {
  const known: Record<string, string> = {};
  for (const key of Object.keys(AppConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') known[key] = value;
  }
  const result = AppConfigSchema.safeParse(known);
  if (!result.success) {
    throw new InvalidAppConfigError(result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(root)', message: issue.message })));
  }
  return result.data;
}

/**
 * Typed configuration from an environment (defaults to `process.env`). Call it once, at the
 * entry point of a program; everything else receives the result.
 */
export function loadAppConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  return new AppConfig(parseAppConfigValues(env));
}
