import type { IncomingHttpHeaders } from 'node:http';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import type { HttpMiddleware } from './http-middleware.js';

/** Methods whose requests carry a body in this API. */
const METHODS_WITH_BODY: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** `application/json` or a `+json` suffix type, parameters (charset) allowed. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** True when a Content-Type header names JSON. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.trim());
}

/** True when the request carries a body (as Node's type-is decides it). */
export function hasRequestBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/**
 * 415 for a POST/PUT/PATCH body whose Content-Type is not JSON (or is missing): the API only
 * speaks JSON, and a form or text body would otherwise reach validation as something else
 * entirely. A bodyless POST (an action such as a future cancel) passes; its schema judges it.
 */
export const requireJsonContentType: HttpMiddleware = (request, _response, next) => {
  const needsJson = METHODS_WITH_BODY.has(request.method ?? '') && hasRequestBody(request.headers);
  if (needsJson && !isJsonContentType(request.headers['content-type'])) {
    next(new ApiProblemException('unsupported-media-type', 'Send the request body as application/json.'));
    return;
  }
  next();
};
