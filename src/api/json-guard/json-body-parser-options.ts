import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { isJsonContentType } from './require-json-content-type.middleware.js';
import { exceedsJsonDepth } from './json-depth.util.js';
import type { JsonLimits } from './json-limits.js';

/**
 * Options for Express's JSON body parser: size limit, `strict` (objects and arrays only), and a
 * `verify` hook that refuses deep nesting on the raw bytes before `JSON.parse` runs.
 */
export function jsonBodyParserOptions(limits: JsonLimits) {
  return {
    limit: limits.bodyLimit,
    strict: true,
    type: (request: IncomingMessage) => isJsonContentType(request.headers['content-type']),
    verify: (_request: IncomingMessage, _response: ServerResponse, raw: Buffer) => {
      if (exceedsJsonDepth(raw, limits.maxDepth)) {
        throw new ApiProblemException('json-too-deep', `The request body nests deeper than ${limits.maxDepth} levels.`);
      }
    },
  };
}
