import { createRequire } from 'node:module';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './app-config.js';

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

/** nestjs-pino options: JSON lines at `LOG_LEVEL`; pretty output on a TTY; health probes not logged. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      ...(prettyTransportAvailable() ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
      autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true },
      // Never log credentials or idempotency keys that clients may derive from secrets.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
    },
  };
}
