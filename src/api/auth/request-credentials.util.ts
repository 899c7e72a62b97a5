/** Request headers as Node gives them (lower-case names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
/** What a client may send as `X-Request-Id`: 1..200 visible ASCII characters. */
const REQUEST_ID = /^[\x21-\x7E]{1,200}$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The API key a request presents: `Authorization: Bearer <key>`, else `X-API-Key: <key>`.
 * An Authorization header in another scheme presents nothing (the caller gets 401).
 */
export function presentedApiKey(headers: RequestHeaders): string | undefined {
  const authorization = single(headers['authorization']);
  if (authorization !== undefined) return BEARER.exec(authorization)?.[1] ?? '';
  const headerKey = single(headers['x-api-key'])?.trim();
  return headerKey === '' ? undefined : headerKey;
}

/** The client's `X-Request-Id` when it is well-formed; undefined otherwise (the server makes one). */
export function clientRequestId(headers: RequestHeaders): string | undefined {
  const value = single(headers['x-request-id']);
  return value !== undefined && REQUEST_ID.test(value) ? value : undefined;
}
