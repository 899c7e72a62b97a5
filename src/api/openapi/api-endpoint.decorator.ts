import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse, type StandardSchemaObject } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger';

type HeaderObject = HeadersObject[string];
import { PROBLEM_JSON_MEDIA_TYPE } from '../problem/problem-details.js';
import { problemTypeUri, ProblemTypes, type ProblemType } from '../problem/problem-types.js';

/** One documented success answer of an endpoint. */
export interface EndpointSuccess {
  status: number;
  description: string;
  /** The body's schema; absent for an answer without a body (204). */
  schema?: StandardSchemaObject;
  headers?: Record<string, HeaderObject>;
}

export interface ApiEndpointOptions {
  summary: string;
  description?: string;
  success: EndpointSuccess[];
  /** Problems this endpoint can answer with, beyond those every endpoint can (500, 503). */
  problems: ProblemType[];
}

/** Problems any endpoint can answer with. */
const CommonProblems: readonly ProblemType[] = ['internal-error', 'store-unavailable'];

/** Problems of any endpoint that takes a JSON body, before its own validation runs. */
export const JsonBodyProblems: readonly ProblemType[] = [
  'malformed-json',
  'json-too-deep',
  'forbidden-json-key',
  'invalid-json-string',
  'json-number-out-of-range',
  'json-array-too-long',
  'payload-too-large',
  'unsupported-media-type',
];

const ProblemHeaders: Readonly<Partial<Record<number, Record<string, HeaderObject>>>> = {
  405: { Allow: { description: 'The methods the path accepts.', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
};

function problemResponses(problems: readonly ProblemType[]): MethodDecorator[] {
  const byStatus = new Map<number, ProblemType[]>();
  for (const type of new Set([...problems, ...CommonProblems])) {
    const status = ProblemTypes[type].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
  }
  return [...byStatus.entries()].map(([status, types]) =>
    ApiResponse({
      status,
      description: types.map((type) => `${ProblemTypes[type].title} (\`${problemTypeUri(type)}\`)`).join('; '),
      headers: ProblemHeaders[status],
      content: { [PROBLEM_JSON_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
    }),
  );
}

/**
 * Everything the OpenAPI document says about one endpoint: summary, success answers with their
 * schemas, and each problem+json answer by status (immich-style composite decorator).
 */
export function ApiEndpoint(options: ApiEndpointOptions): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    ...options.success.map((success) =>
      ApiResponse({
        status: success.status,
        description: success.description,
        ...(success.schema === undefined ? {} : { standardSchema: success.schema }),
        headers: success.headers,
      }),
    ),
    ...problemResponses(options.problems),
  );
}
