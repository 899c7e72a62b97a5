import { DefinitionLimits } from './definition-problem.js';
import { MappingOperators } from './expression.util.js';

const identifier = { type: 'string', pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$', maxLength: DefinitionLimits.maxIdentifierLength };
const retryPolicy = {
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
const branch = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: { name: identifier, steps: { $ref: '#/$defs/sequence' } },
};

/**
 * JSON Schema (draft 2020-12) of the JSON definition language: the structure only. The
 * semantic rules (kind order, unique names, references, bounds) are `validateDefinition`'s and
 * come back as 422 problems with pointers. Served at `GET /v1/definitions/schema` and kept in
 * docs/definition.schema.json (a test keeps both equal).
 */
export const DefinitionJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:saga-coordinator:definition',
  title: 'Saga definition',
  description:
    'A saga: an input schema and a flow of nodes (participant steps, parallel groups, choices, waits for a signal, delays, child sagas). Register with POST /v1/definitions.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: {
    name: { ...identifier, description: 'Kebab-case name; a new body under an existing name becomes its next version.' },
    version: { type: 'integer', minimum: 1, description: 'Optional: assigned at registration (latest + 1) when absent.' },
    description: { type: 'string', maxLength: 2000 },
    inputSchema: { type: 'object', description: 'JSON Schema (draft 2020-12) the saga input must satisfy. Default: {}.' },
    deadlineMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxDeadlineMs, description: 'Whole-saga deadline: a saga still running turns back.' },
    steps: { $ref: '#/$defs/sequence' },
    output: { $ref: '#/$defs/mapping', description: "The completed saga's output. Default: every node's output by name." },
  },
  $defs: {
    sequence: { type: 'array', maxItems: DefinitionLimits.maxSteps, items: { $ref: '#/$defs/node' }, description: 'Nodes run in order.' },
    node: {
      description: 'One node; `type` (default `step`) selects its shape.',
      type: 'object',
      properties: { type: { enum: ['step', 'parallel', 'choice', 'wait', 'delay', 'child'] } },
      // if/then per type rather than oneOf: a wrong node gets the errors of its own shape only.
      allOf: (['step', 'parallel', 'choice', 'wait', 'delay', 'child'] as const).map((type) => ({
        if: { properties: { type: { const: type } }, ...(type === 'step' ? {} : { required: ['type'] }) },
        then: { $ref: `#/$defs/${type}` },
      })),
    },
    step: {
      type: 'object',
      description: "A participant's command. `kind`: compensatable (default; needs `compensation`) → pivot (point of no return) → retriable.",
      additionalProperties: false,
      required: ['name', 'participant', 'command'],
      properties: {
        type: { const: 'step' },
        name: identifier,
        participant: identifier,
        command: identifier,
        compensation: identifier,
        kind: { enum: ['compensatable', 'pivot', 'retriable'] },
        timeoutMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxTimeoutMs },
        retry: retryPolicy,
        compensationRetry: retryPolicy,
        input: { $ref: '#/$defs/mapping', description: 'The command payload. Default: { input, outputs }.' },
      },
    },
    parallel: {
      type: 'object',
      description: 'Fork/join: every branch starts together; the next node starts when all are done.',
      additionalProperties: false,
      required: ['type', 'name', 'branches'],
      properties: {
        type: { const: 'parallel' },
        name: identifier,
        branches: { type: 'array', minItems: 2, maxItems: DefinitionLimits.maxBranches, items: branch },
      },
    },
    choice: {
      type: 'object',
      description: 'Runs the first branch whose `when` holds, else `otherwise`.',
      additionalProperties: false,
      required: ['type', 'name', 'choices'],
      properties: {
        type: { const: 'choice' },
        name: identifier,
        choices: {
          type: 'array',
          minItems: 1,
          maxItems: DefinitionLimits.maxBranches,
          items: { ...branch, required: ['name', 'when', 'steps'], properties: { ...branch.properties, when: { $ref: '#/$defs/expression' } } },
        },
        otherwise: branch,
      },
    },
    wait: {
      type: 'object',
      description: 'Suspends until POST /v1/sagas/{id}/signals/{signal}; the payload becomes its output. No signal by timeoutMs: it fails and the saga compensates.',
      additionalProperties: false,
      required: ['type', 'name', 'signal', 'timeoutMs'],
      properties: {
        type: { const: 'wait' },
        name: identifier,
        signal: identifier,
        timeoutMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxWaitMs },
      },
    },
    delay: {
      type: 'object',
      description: 'A durable pause.',
      additionalProperties: false,
      required: ['type', 'name', 'delayMs'],
      properties: { type: { const: 'delay' }, name: identifier, delayMs: { type: 'integer', minimum: 1, maximum: DefinitionLimits.maxWaitMs } },
    },
    child: {
      type: 'object',
      description:
        'Starts another registered definition as a child saga and waits for its outcome: COMPLETED is success (its output is this node\'s), COMPENSATED is failure (the child undid itself). Compensating the parent compensates a completed child. `kind` compensatable (default) needs a child definition without pivot or retriable steps; pivot is allowed; retriable is refused (a child saga can fail).',
      additionalProperties: false,
      required: ['type', 'name', 'definition'],
      properties: {
        type: { const: 'child' },
        name: identifier,
        definition: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { ...identifier, description: 'A registered definition (not this one, directly or through its children).' },
            version: { type: 'integer', minimum: 1, description: 'Pinned version; absent: the latest when the child starts.' },
          },
        },
        kind: { enum: ['compensatable', 'pivot', 'retriable'] },
        input: { $ref: '#/$defs/mapping', description: "The child saga's input. Default: { input, outputs }." },
        timeoutMs: {
          type: 'integer',
          minimum: 1,
          maximum: DefinitionLimits.maxWaitMs,
          description: 'Compensatable children only: no outcome by then and the child is cancelled and compensated, and the parent turns back.',
        },
      },
    },
    mapping: {
      type: 'object',
      description: 'Field name → expression, evaluated against { input, outputs }.',
      maxProperties: DefinitionLimits.maxExpressionSize,
      additionalProperties: { $ref: '#/$defs/expression' },
    },
    expression: {
      description: `A JSON Logic expression (https://jsonlogic.com). Operators: ${MappingOperators.join(', ')}. {"var": "input.x"} reads the input, {"var": "outputs.<node>.y"} the output of a node that finished before.`,
    },
  },
} as const;
