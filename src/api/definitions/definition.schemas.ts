import { z } from 'zod';
import { FlowNodeDescriptions } from '../../orchestration/views/vocabulary.js';
import { IsoDateTimeSchema, JsonObjectSchema, SafeIdentifierSchema } from '../common.schemas.js';

/** Path parameter `{name}` of `GET /v1/definitions/{name}`. */
export const DefinitionNameSchema = SafeIdentifierSchema.describe('The definition name.');

/**
 * `GET /v1/definitions/{name}` (and every other answer with a definition): a stored version, once.
 * It is the registered document with every default filled in (the JSON form of
 * `GET /v1/definitions/schema`), plus when it was registered: what you read back is what you
 * could register again, without `createdAt`.
 */
export const DefinitionResponseSchema = z
  .object({
    name: z.string(),
    version: z.int(),
    description: z.string().optional(),
    inputSchema: JsonObjectSchema.describe('JSON Schema (draft 2020-12) the saga input must satisfy.'),
    deadlineMs: z.int().optional().describe('Whole-saga deadline, when the definition has one.'),
    retentionMs: z
      .int()
      .optional()
      .describe('How long a finished saga of this version is kept, when the definition sets it (else the service default).'),
    steps: z
      .array(JsonObjectSchema)
      .describe(`The flow in order, every node as GET /v1/definitions/schema describes it: ${FlowNodeDescriptions.stored}.`),
    output: JsonObjectSchema.optional().describe("The completed saga's output mapping, when the definition has one."),
    createdAt: IsoDateTimeSchema.describe('When this version was registered.'),
  })
  .meta({
    id: 'Definition',
    description:
      'A stored version of a saga definition, once: the registered document with every default filled in, and when it was registered. Without createdAt it registers again as the same version.',
  });
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
    errors: z
      .array(z.object({ pointer: z.string(), message: z.string() }))
      .describe('Empty when valid: a JSON pointer into the body and a sentence per problem.'),
  })
  .meta({ id: 'DefinitionValidation' });
export type DefinitionValidationResponse = z.infer<typeof DefinitionValidationResponseSchema>;
