import { z } from 'zod';
import { PROBLEM_TYPE_URI_PREFIX, problemTypeUri, ProblemTypes, type ProblemType } from './problem-types.js';

const typeList = Object.entries(ProblemTypes)
  .map(([type, { status }]) => `\`${PROBLEM_TYPE_URI_PREFIX}${type}\` (${status})`)
  .join(', ');

/** Every `type` a problem can carry: one URI per problem type, and `about:blank` for other HTTP errors. */
const ProblemTypeUris: [string, ...string[]] = ['about:blank', ...Object.keys(ProblemTypes).map((type) => problemTypeUri(type as ProblemType))];

/** The body of every error response, for the OpenAPI document (`ProblemDetails`). */
export const ProblemDetailsSchema = z
  .object({
    type: z.enum(ProblemTypeUris).describe(`Stable problem identifier: one of ${typeList}; \`about:blank\` for other HTTP errors.`),
    title: z.string().describe('Short summary of the problem type.'),
    status: z.int().describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong for this request.'),
    instance: z.string().describe('The request path.'),
    errors: z
      .array(
        z.object({
          pointer: z.string().describe('RFC 6901 JSON pointer into the request body (422) or into the query/path parameter object (400).'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('One entry per offending field.'),
  })
  // No `id`: the document builder registers it as the `ProblemDetails` component itself.
  .describe('RFC 9457 problem details (application/problem+json).');

/** The `ProblemDetails` component as OpenAPI 3.0 JSON Schema. */
export function problemDetailsOpenApiSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ProblemDetailsSchema, { target: 'openapi-3.0' }) as Record<string, unknown>;
  return schema;
}
