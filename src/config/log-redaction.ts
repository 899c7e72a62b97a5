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
  '*.rabbitmqUrls',
  '*.DATABASE_URL',
  '*.RABBITMQ_URL',
];

/** What a redacted value reads as in the logs. */
const REDACTED = '[REDACTED]';

/**
 * `path?a=1&b=2` as `path?a=[REDACTED]&b=[REDACTED]`: every value goes, the names stay. Clients
 * put API keys (`?api_key=`, refused but still sent) and personal data (`inputValue`) in query
 * strings, and no list of secret names foresees them all.
 */
export function redactQueryString(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? pair : `${pair.slice(0, equals)}=${REDACTED}`;
    });
  return `${url.slice(0, start)}?${pairs.join('&')}`;
}

/** The parts of pino's serialized request that carry the query string. */
interface SerializedRequest {
  url?: unknown;
  query?: unknown;
}

/**
 * pino-http `serializers.req` (it receives the standard serialization): the URL with its
 * query-string values hidden, and the parsed `query` with every value hidden.
 */
export function redactRequestQuery<T extends SerializedRequest>(request: T): T {
  if (typeof request.url === 'string') request.url = redactQueryString(request.url);
  if (request.query !== null && typeof request.query === 'object') {
    request.query = Object.fromEntries(Object.keys(request.query).map((name) => [name, REDACTED]));
  }
  return request;
}

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
