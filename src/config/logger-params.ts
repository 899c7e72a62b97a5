import { createRequire } from 'node:module';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './app-config.js';
import { redactCredentialsHook, RedactedLogPaths } from './log-redaction.js';

/** pino-pretty is a dev dependency: only a developer's terminal gets it, and only when installed. */
function prettyTransportAvailable(): boolean {
  if (!process.stdout.isTTY) return false;
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Fields added to every log line (the active trace id, from the composition root's tracing). */
export type LogLineFields = () => Record<string, unknown>;

/**
 * nestjs-pino options: JSON lines at `LOG_LEVEL`; pretty output on a TTY; health probes and
 * scrapes not logged; every line carries `fields` (the composition root passes the active trace
 * id; saga work adds saga id, step and attempt through its scope); credentials redacted by path
 * and URL passwords wherever they appear.
 */
export function loggerParams(config: AppConfig, fields: LogLineFields = () => ({})): Params {
  return {
    // Fields assigned during a request (the id of a saga it started) reach its "request completed" line too.
    assignResponse: true,
    pinoHttp: {
      level: config.logLevel,
      ...(prettyTransportAvailable() ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
      autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true || request.url === '/metrics' },
      // Never log credentials or idempotency keys that clients may derive from secrets.
      redact: RedactedLogPaths,
      hooks: { logMethod: redactCredentialsHook },
      mixin: fields,
    },
  };
}
