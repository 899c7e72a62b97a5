import type { IncomingMessage, ServerResponse } from 'node:http';
import { findRawJsonViolation } from '../../json-guard/raw-json-guard.util.js';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { isJsonContentType } from './require-json-content-type.middleware.js';
import type { JsonLimits } from './json-limits.js';

/** The charset parameter of a Content-Type, lower-cased; undefined without one. */
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * Options for Express's JSON body parser: size limit, `strict` (objects and arrays only), and a
 * `verify` hook on the raw bytes before `JSON.parse` runs: UTF-8 only (RFC 8259 §8.1; the
 * parser would otherwise store U+FFFD for what the client sent), and no deep nesting.
 */
export function jsonBodyParserOptions(limits: JsonLimits) {
  return {
    limit: limits.bodyLimit,
    strict: true,
    type: (request: IncomingMessage) => isJsonContentType(request.headers['content-type']),
    verify: (request: IncomingMessage, _response: ServerResponse, raw: Buffer) => {
      const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        throw new ApiProblemException('unsupported-media-type', `Send the request body as UTF-8 JSON, not ${charset}.`);
      }
      const violation = findRawJsonViolation(raw, limits.maxDepth);
      if (violation?.problemType === 'json-too-deep') {
        throw new ApiProblemException('json-too-deep', `The request body nests deeper than ${limits.maxDepth} levels.`);
      }
      if (violation) throw new ApiProblemException(violation.problemType, 'The request body is not valid UTF-8 (RFC 8259 requires it).');
    },
  };
}
