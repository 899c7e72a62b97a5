import type { LogFn } from 'pino';

/**
 * Paths pino replaces with `[Redacted]`: credentials in request headers (API keys, bearer
 * tokens, cookies, idempotency keys clients may derive from secrets) and in any logged config.
 */
export const RedactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.databaseUrl',
  '*.rabbitmqUrl',
  '*.DATABASE_URL',
  '*.RABBITMQ_URL',
];

/** `scheme://user:password@` in any text: the password goes, the rest stays readable. */
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]*)@/gi;

/** Hides the password of every URL in `text` (driver errors quote connection strings). */
export function redactUrlCredentials(text: string): string {
  return text.replace(urlCredentials, '$1$2:***@');
}

/** One logged argument with URL passwords hidden: strings, error messages and top-level string fields. */
function redactArgument(argument: unknown): unknown {
  if (typeof argument === 'string') return redactUrlCredentials(argument);
  if (argument instanceof Error) {
    const copy = new Error(redactUrlCredentials(argument.message));
    copy.name = argument.name;
    if (argument.stack !== undefined) copy.stack = redactUrlCredentials(argument.stack);
    return copy;
  }
  if (argument === null || typeof argument !== 'object' || Array.isArray(argument)) return argument;
  return Object.fromEntries(Object.entries(argument).map(([key, value]) => [key, redactArgument(value)]));
}

/**
 * pino `hooks.logMethod`: hides URL passwords wherever a log call puts them (a message, an
 * error, a field), which path-based redaction cannot foresee.
 */
export function redactCredentialsHook(this: unknown, args: Parameters<LogFn>, method: LogFn): void {
  method.apply(this, args.map(redactArgument) as Parameters<LogFn>);
}
