import { AppConfigSchema, type AppConfigValues } from './app-config.schema.js';
import { InvalidAppConfigError } from './invalid-app-config.error.js';

/**
 * The coordinator's configuration: the one typed source. Parsed once per process (main.ts, the
 * CLI) from the environment and handed to `AppConfigModule.forRoot`; injected by class token:
 * `constructor(private readonly config: AppConfig)`.
 */
export class AppConfig {
  readonly port!: number;
  readonly host!: string;
  readonly databaseUrl!: string;
  readonly databasePoolSize!: number;
  readonly rabbitmqUrl!: string;
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
  readonly waitMaxSeconds!: number;
  readonly waitMaxWaiters!: number;
  readonly waitMaxWaitersPerKey!: number;
  readonly databaseStatementTimeoutMs!: number;
  readonly databaseIdleInTransactionTimeoutMs!: number;
  readonly attentionRunningLongerThanMs!: number;
  /** `PAYLOAD_REDACT_PATHS`, split at commas. */
  readonly payloadRedactPaths!: readonly string[];

  constructor(values: AppConfigValues) {
    Object.assign(this, {
      port: values.PORT,
      host: values.HOST,
      databaseUrl: values.DATABASE_URL,
      databasePoolSize: values.DATABASE_POOL_SIZE,
      rabbitmqUrl: values.RABBITMQ_URL,
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
      waitMaxSeconds: values.WAIT_MAX_SECONDS,
      waitMaxWaiters: values.WAIT_MAX_WAITERS,
      waitMaxWaitersPerKey: values.WAIT_MAX_WAITERS_PER_KEY,
      databaseStatementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
      databaseIdleInTransactionTimeoutMs: values.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      attentionRunningLongerThanMs: values.ATTENTION_RUNNING_LONGER_THAN_MS,
      payloadRedactPaths: values.PAYLOAD_REDACT_PATHS === '' ? [] : values.PAYLOAD_REDACT_PATHS.split(','),
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
