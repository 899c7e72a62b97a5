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

/** Hides URL passwords in a string or an error's message and stack; anything else is returned as is. */
function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (value instanceof Error) {
    const copy = new Error(redactUrlCredentials(value.message));
    copy.name = value.name;
    if (value.stack !== undefined) copy.stack = redactUrlCredentials(value.stack);
    return copy;
  }
  return value;
}

/**
 * One logged argument with URL passwords hidden: a string, an error, or the top-level fields of
 * a plain object. Deliberately shallow: request and response objects (pino-http) are cyclic and
 * must reach their serializers untouched; their credentials are redacted by path.
 */
function redactArgument(argument: unknown): unknown {
  if (argument === null || typeof argument !== 'object' || argument instanceof Error) return redactValue(argument);
  if (Object.getPrototypeOf(argument) !== Object.prototype) return argument;
  return Object.fromEntries(Object.entries(argument).map(([key, value]) => [key, redactValue(value)]));
}

/**
 * pino `hooks.logMethod`: hides URL passwords wherever a log call puts them (a message, an
 * error, a field), which path-based redaction cannot foresee.
 */
export function redactCredentialsHook(this: unknown, args: Parameters<LogFn>, method: LogFn): void {
  method.apply(this, args.map(redactArgument) as Parameters<LogFn>);
}
