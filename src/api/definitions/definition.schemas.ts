import { z } from 'zod';
import { StepKinds } from '../../orchestration/views/vocabulary.js';
import { IsoDateTimeSchema, JsonObjectSchema, SafeIdentifierSchema } from '../common.schemas.js';

/** Path parameter `{name}` of `GET /v1/definitions/{name}`. */
export const DefinitionNameSchema = SafeIdentifierSchema.describe('The definition name.');

const RetryPolicySchema = z
  .object({
    maxAttempts: z.int().describe('Total attempts including the first (1 = no retry).'),
    initialDelayMs: z.int(),
    backoffCoefficient: z.number(),
    maxDelayMs: z.int(),
    jitter: z.number().describe('Fraction (0..1) of the delay randomised away.'),
  })
  .meta({ id: 'RetryPolicy' });

const DefinitionStepSchema = z
  .object({
    name: z.string(),
    participant: z.string(),
    command: z.string(),
    compensation: z.string().nullable(),
    kind: z.enum(StepKinds),
    timeoutMs: z.int(),
    retry: RetryPolicySchema,
    compensationRetry: RetryPolicySchema,
  })
  .meta({ id: 'DefinitionStep' });

/** `GET /v1/definitions/{name}`: the latest version of a definition. */
export const DefinitionResponseSchema = z
  .object({
    name: z.string(),
    version: z.int(),
    description: z.string().nullable(),
    inputSchema: JsonObjectSchema.describe('JSON Schema (draft 2020-12) the saga input must satisfy.'),
    steps: z.array(DefinitionStepSchema).describe('Participant steps, depth-first in definition order (nested branches included).'),
    definition: JsonObjectSchema.describe('The whole definition in its JSON form (GET /v1/definitions/schema): every node, branches, mappings.'),
    createdAt: IsoDateTimeSchema,
  })
  .meta({ id: 'Definition' });
export type DefinitionResponse = z.infer<typeof DefinitionResponseSchema>;

/** `GET /v1/definitions`. */
export const DefinitionListResponseSchema = z.array(DefinitionResponseSchema).meta({ id: 'DefinitionList' });

/** `GET /v1/definitions/{name}/versions`: every version, oldest first. */
export const DefinitionVersionListResponseSchema = z.array(DefinitionResponseSchema).meta({ id: 'DefinitionVersionList' });

/** Path parameter `{version}`. */
export const DefinitionVersionSchema = z.coerce.number().int().min(1).max(2_147_483_647).describe('A registered version (positive integer).');

/**
 * `POST /v1/definitions` and `/v1/definitions/validate`: a definition in JSON form. Any JSON
 * object here; its structure is checked against the definition schema, with a pointer per problem.
 */
export const RegisterDefinitionRequestSchema = JsonObjectSchema.meta({
  id: 'DefinitionBody',
  description: 'A saga definition in JSON form: see GET /v1/definitions/schema.',
  example: {
    name: 'approved-order',
    inputSchema: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
    steps: [
      { name: 'reserve-inventory', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' },
      { type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 600000 },
    ],
  },
});

/** `POST /v1/definitions/validate`. */
export const DefinitionValidationResponseSchema = z
  .object({
    valid: z.boolean(),
    errors: z.array(z.object({ pointer: z.string(), message: z.string() })).describe('Empty when valid: a JSON pointer into the body and a sentence per problem.'),
  })
  .meta({ id: 'DefinitionValidation' });
export type DefinitionValidationResponse = z.infer<typeof DefinitionValidationResponseSchema>;
