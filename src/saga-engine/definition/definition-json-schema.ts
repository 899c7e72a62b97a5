import { identifierSchema } from '../nodes/json-schema-parts.js';
import type { NodeKind } from '../nodes/node-kind.js';
import { BuiltInNodeKinds } from '../nodes/node-kinds.js';
import { DefinitionLimits } from './definition-problem.js';
import { MappingOperators } from './expression.util.js';
import { FlowNodeTypes } from './saga-definition.js';

/**
 * JSON Schema (draft 2020-12) of the JSON definition language: the structure only. The
 * semantic rules (kind order, unique names, references, bounds) are `validateDefinition`'s and
 * come back as 422 problems with pointers. Served at `GET /v1/definitions/schema` and kept in
 * docs/definition.schema.json (a test keeps both equal).
 */
export const DefinitionJsonSchema = definitionJsonSchemaOf(BuiltInNodeKinds);

/** The definition language's JSON Schema with these node kinds (each kind's fragment is its `$defs` entry). */
export function definitionJsonSchemaOf(kinds: readonly NodeKind[]) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:saga-coordinator:definition',
    title: 'Saga definition',
    description: `A saga: an input schema and a flow of nodes (${kinds.map((kind) => kind.label.language).join(', ')}). Register with POST /v1/definitions.`,
    type: 'object',
    additionalProperties: false,
    required: ['name', 'steps'],
    properties: {
      name: { ...identifierSchema, description: 'Kebab-case name; a new body under an existing name becomes its next version.' },
      version: { type: 'integer', minimum: 1, description: 'Optional: assigned at registration (latest + 1) when absent.' },
      description: { type: 'string', maxLength: 2000 },
      inputSchema: { type: 'object', description: 'JSON Schema (draft 2020-12) the saga input must satisfy. Default: {}.' },
      deadlineMs: {
        type: 'integer',
        minimum: 1,
        maximum: DefinitionLimits.maxDeadlineMs,
        description: 'Whole-saga deadline: a saga still running turns back.',
      },
      retentionMs: {
        type: 'integer',
        minimum: DefinitionLimits.minRetentionMs,
        maximum: DefinitionLimits.maxRetentionMs,
        description:
          "How long a finished saga of this version is kept (then deleted by housekeeping). Default: the service's RETENTION_FINISHED_SAGAS_MS.",
      },
      steps: { $ref: '#/$defs/sequence' },
      output: { $ref: '#/$defs/mapping', description: "The completed saga's output. Default: every node's output by name." },
    },
    $defs: {
      sequence: { type: 'array', maxItems: DefinitionLimits.maxSteps, items: { $ref: '#/$defs/node' }, description: 'Nodes run in order.' },
      node: {
        description: 'One node; `type` (default `step`) selects its shape.',
        type: 'object',
        properties: { type: { enum: kinds.map((kind) => kind.type) } },
        // if/then per type rather than oneOf: a wrong node gets the errors of its own shape only.
        allOf: kinds.map(({ type }) => ({
          if: { properties: { type: { const: type } }, ...(type === FlowNodeTypes.step ? {} : { required: ['type'] }) },
          then: { $ref: `#/$defs/${type}` },
        })),
      },
      ...Object.fromEntries(kinds.map((kind) => [kind.type, kind.jsonSchema])),
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
}
