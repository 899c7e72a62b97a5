/** Structured fields of one log event (ids, error messages, counts). */
export type LogFields = Record<string, unknown>;

/**
 * The logging the SDK needs, in pino's calling convention: fields first, then the message
 * (`logger.warn({ messageId }, 'reply not confirmed')`). A pino logger (or a pino child with
 * bindings) fits as it is and keeps every field; so does anything with the same `(obj, msg)`
 * methods. For a logger with the `(message, fields)` order, wrap it in a small adapter.
 */
export interface ParticipantLogger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

/**
 * Writes one JSON line per event to stdout/stderr (the default when no `logger` is given);
 * debug is dropped. The line carries `level`, `time`, `participant`, `message` and the fields.
 */
export function createConsoleLogger(participant: string): ParticipantLogger {
  const line = (level: string, fields: LogFields, message: string): string =>
    JSON.stringify({ level, time: new Date().toISOString(), participant, message, ...fields });
  return {
    debug: () => undefined,
    info: (fields, message) => console.log(line('info', fields, message)),
    warn: (fields, message) => console.warn(line('warn', fields, message)),
    error: (fields, message) => console.error(line('error', fields, message)),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: ParticipantLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
