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

/**
 * 415 for a POST/PUT/PATCH whose Content-Type is not JSON (or is missing): the API only speaks
 * JSON, and a form or text body would otherwise reach validation as something else entirely.
 */
export const requireJsonContentType: HttpMiddleware = (request, _response, next) => {
  if (METHODS_WITH_BODY.has(request.method ?? '') && !isJsonContentType(request.headers['content-type'])) {
    next(new ApiProblemException('unsupported-media-type', 'Send the request body as application/json.'));
    return;
  }
  next();
};
