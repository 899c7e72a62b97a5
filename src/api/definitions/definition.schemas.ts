import { z } from 'zod';
import { StepKinds } from '../../saga-engine/definition/saga-definition.js';
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
    steps: z.array(DefinitionStepSchema).describe('In execution order.'),
    createdAt: IsoDateTimeSchema,
  })
  .meta({ id: 'Definition' });
export type DefinitionResponse = z.infer<typeof DefinitionResponseSchema>;

/** `GET /v1/definitions`. */
export const DefinitionListResponseSchema = z.array(DefinitionResponseSchema).meta({ id: 'DefinitionList' });
