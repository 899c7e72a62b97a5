import { createRequire } from 'node:module';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './app-config.js';
import { redactCredentialsHook, RedactedLogPaths, redactRequestQuery } from './log-redaction.js';

/**
 * pino-pretty options of `LOG_FORMAT=pretty`: one line per event, `[time] LEVEL: context: message
 * {fields}`; an HTTP request line reads `request completed POST /v1/sagas 202 {…}`. The example
 * participants (examples/order/src/example-logger.util.ts) use the same options, so that under
 * `npm start` every process writes the same shape (test/e2e/readable-logs.test.ts compares them).
 * Only strings: a pino transport runs in a worker thread, so its options cannot hold functions.
 */
export const PrettyLogOptions = {
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,context,req,res',
  messageFormat: '{if context}{context}: {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}',
} as const;

/** Thrown when `LOG_FORMAT=pretty` is asked for where pino-pretty is not installed (a production install). */
export class PrettyLogsUnavailableError extends Error {
  constructor() {
    super('LOG_FORMAT=pretty needs the pino-pretty package (a development dependency): install it, or set LOG_FORMAT=json');
    this.name = 'PrettyLogsUnavailableError';
  }
}

/** The pino transport of `LOG_FORMAT=pretty`; refuses at once when pino-pretty cannot be loaded. */
function prettyTransport(resolve: (id: string) => string) {
  try {
    resolve('pino-pretty');
  } catch {
    throw new PrettyLogsUnavailableError();
  }
  return { target: 'pino-pretty', options: PrettyLogOptions };
}

/** Fields added to every log line (the active trace id, from the composition root's tracing). */
export type LogLineFields = () => Record<string, unknown>;

/**
 * nestjs-pino options: lines at `LOG_LEVEL`, JSON or readable by `LOG_FORMAT` (chosen by
 * configuration: under `concurrently` or a container there is no TTY to guess from); health
 * probes and scrapes not logged; every line carries `fields` (the composition root passes the
 * active trace id; saga work adds saga id, step and attempt through its scope); credentials
 * redacted by path, query-string values in request URLs, and URL passwords wherever they appear.
 * @throws PrettyLogsUnavailableError for `LOG_FORMAT=pretty` without pino-pretty installed.
 */
export function loggerParams(
  config: AppConfig,
  fields: LogLineFields = () => ({}),
  resolve: (id: string) => string = createRequire(import.meta.url).resolve,
): Params {
  return {
    // Fields assigned during a request (the id of a saga it started) reach its "request completed" line too.
    assignResponse: true,
    pinoHttp: {
      level: config.logLevel,
      ...(config.logFormat === 'pretty' ? { transport: prettyTransport(resolve) } : {}),
      autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true || request.url === '/metrics' },
      // Never log credentials or idempotency keys that clients may derive from secrets.
      redact: RedactedLogPaths,
      // Nor query-string values: `?api_key=` is refused, but the URL of the refused call is logged.
      serializers: { req: redactRequestQuery },
      hooks: { logMethod: redactCredentialsHook },
      mixin: fields,
    },
  };
}
