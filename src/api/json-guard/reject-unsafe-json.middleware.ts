import type { IncomingMessage } from 'node:http';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import type { HttpMiddleware } from './http-middleware.js';
import type { JsonLimits } from './json-limits.js';
import { findJsonViolation } from '../../json-guard/json-value-guard.util.js';

/** The request after the JSON body parser ran. */
interface ParsedRequest extends IncomingMessage {
  body?: unknown;
}

/**
 * Runs after the JSON parser: refuses a parsed body that breaks a rule of `findJsonViolation`
 * (prototype keys, NUL or lone surrogates, arrays over the cap, depth, numbers beyond IEEE range) before any handler sees it.
 */
export function createRejectUnsafeJsonMiddleware(limits: JsonLimits): HttpMiddleware<ParsedRequest> {
  return function rejectUnsafeJson(request, _response, next) {
    const violation = request.body === undefined ? undefined : findJsonViolation(request.body, limits);
    if (violation) {
      next(
        new ApiProblemException(violation.problemType, 'The request body was refused before validation.', [
          { pointer: violation.pointer, message: violation.message },
        ]),
      );
      return;
    }
    next();
  };
}
