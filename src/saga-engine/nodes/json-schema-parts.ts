import { DefinitionLimits } from '../definition/definition-problem.js';

/** Schema parts the node kinds' JSON Schema fragments share (the definition language's identifiers, retry policies, branches). */
export const identifierSchema = { type: 'string', pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$', maxLength: DefinitionLimits.maxIdentifierLength };

export const retryPolicySchema = {
  type: 'object',
  description: 'Retries of technical errors and timeouts: exponential backoff with jitter. Unset fields keep their defaults.',
  additionalProperties: false,
  properties: {
    maxAttempts: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxAttempts, description: 'Total attempts including the first.' },
    initialDelayMs: { type: 'integer', minimum: 0, maximum: DefinitionLimits.maxDelayMs },
    backoffCoefficient: { type: 'number', minimum: 1, maximum: DefinitionLimits.maxBackoffCoefficient },
    maxDelayMs: { type: 'integer', minimum: 0, maximum: DefinitionLimits.maxDelayMs },
    jitter: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of each delay randomised away.' },
  },
};

export const branchSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: { name: identifierSchema, steps: { $ref: '#/$defs/sequence' } },
};
