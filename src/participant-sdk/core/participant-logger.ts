/** The logging the SDK needs; pino, Nest's Logger adapter or `console` all fit. */
export interface ParticipantLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Writes one JSON line per event to stdout/stderr; debug is dropped. */
export function createConsoleLogger(participant: string): ParticipantLogger {
  const line = (level: string, message: string, context?: Record<string, unknown>): string =>
    JSON.stringify({ level, time: new Date().toISOString(), participant, message, ...context });
  return {
    debug: () => undefined,
    info: (message, context) => console.log(line('info', message, context)),
    warn: (message, context) => console.warn(line('warn', message, context)),
    error: (message, context) => console.error(line('error', message, context)),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: ParticipantLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
