import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_JSON_MEDIA_TYPE } from '../problem/problem-details.js';
import { problemTypeUri, ProblemTypes, type ProblemType } from '../problem/problem-types.js';
import { SecuritySchemeNames } from './require-scope.decorator.js';

const KEY_FORMAT = 'sk_<id>_<secret>';

/** The two ways to present an API key; `RequireScope` refers to them by name. */
export const ApiKeySecuritySchemes = {
  [SecuritySchemeNames.Bearer]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: KEY_FORMAT,
    description: `An API key (\`${KEY_FORMAT}\`, created with \`npm run keys -- create\`) as \`Authorization: Bearer <key>\`.`,
  },
  [SecuritySchemeNames.ApiKeyHeader]: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: `The same API key in the \`X-API-Key\` header.`,
  },
} as const;

/** Answers every secured operation can give before its own logic runs. */
const AccessProblems: readonly ProblemType[] = ['unauthenticated', 'insufficient-scope', 'rate-limited'];

const AccessProblemHeaders: Readonly<Partial<Record<number, Record<string, unknown>>>> = {
  401: { 'WWW-Authenticate': { description: '`Bearer`.', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
};

interface ResponseLike {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}
interface OperationLike {
  security?: Record<string, string[]>[];
  responses?: Record<string, ResponseLike>;
  description?: string;
}

function accessProblemResponse(type: ProblemType, existing: ResponseLike | undefined): ResponseLike {
  const { status, title } = ProblemTypes[type];
  const line = `${title} (\`${problemTypeUri(type)}\`)`;
  if (existing)
    return { ...existing, description: `${existing.description ?? ''}; ${line}`, headers: { ...existing.headers, ...AccessProblemHeaders[status] } };
  return {
    description: line,
    ...(AccessProblemHeaders[status] ? { headers: AccessProblemHeaders[status] } : {}),
    content: { [PROBLEM_JSON_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
  };
}

/**
 * Declares the API key schemes and, on every operation `RequireScope` secured, the 401, 403 and
 * 429 answers and the required scope in words; an operation without a requirement is marked
 * open (`security: []`) explicitly.
 */
export function addApiKeySecurity(document: OpenAPIObject): void {
  document.components = { ...document.components, securitySchemes: { ...document.components?.securitySchemes, ...ApiKeySecuritySchemes } };
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem as Record<string, OperationLike>)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const scope = operation.security?.flatMap((requirement) => Object.values(requirement).flat())[0];
      if (scope === undefined) {
        operation.security = [];
        continue;
      }
      operation.description = `${operation.description ? `${operation.description}\n\n` : ''}Requires an API key with the scope \`${scope}\`.`;
      const responses = (operation.responses ??= {});
      for (const type of AccessProblems) {
        const status = String(ProblemTypes[type].status);
        responses[status] = accessProblemResponse(type, responses[status]);
      }
    }
  }
}
