import { z } from 'zod';
import {
  ChildSagaFinishedMessage,
  CommandKinds,
  CompensateChildSagaMessage,
  MessageHeaders,
  ParticipantAnnouncementMessage,
  ReplyFailure,
  SagaStatusChanged,
  StepCommandMessage,
  StepReplyMessage,
} from '@saga-coordinator/contracts';
import { HeaderDescriptions, PayloadFieldDescriptions } from './asyncapi-field-descriptions.js';

/** A JSON Schema (AsyncAPI Schema object) as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** Component names of the wire schemas, the same ids the zod schemas carry in `.meta()`. */
export const WireSchemaIds = {
  /** Coordinator → participant command envelope. */
  stepCommand: 'StepCommand',
  /** Participant → coordinator reply envelope. */
  stepReply: 'StepReply',
  /** Failure details inside a reply. */
  replyFailure: 'ReplyFailure',
  /** Participant → coordinator announcement. */
  participantAnnouncement: 'ParticipantAnnouncement',
  /** Coordinator → coordinator: a child saga finished (to its parent). */
  childSagaFinished: 'ChildSagaFinished',
  /** Coordinator → coordinator: undo a child saga (from its parent). */
  compensateChildSaga: 'CompensateChildSaga',
  /** Coordinator → anyone: a saga's status changed (lifecycle event). */
  sagaStatusChanged: 'SagaStatusChanged',
  /** The AMQP headers table of saga messages. */
  sagaHeaders: 'SagaHeaders',
} as const;

/** The zod schemas of packages/contracts, by component name. */
const wireSchemas: ReadonlyArray<readonly [string, z.ZodType]> = [
  [WireSchemaIds.stepCommand, StepCommandMessage],
  [WireSchemaIds.stepReply, StepReplyMessage],
  [WireSchemaIds.replyFailure, ReplyFailure],
  [WireSchemaIds.participantAnnouncement, ParticipantAnnouncementMessage],
  [WireSchemaIds.childSagaFinished, ChildSagaFinishedMessage],
  [WireSchemaIds.compensateChildSaga, CompensateChildSagaMessage],
  [WireSchemaIds.sagaStatusChanged, SagaStatusChanged],
];

/** Where a component schema lives in the AsyncAPI document. */
export function schemaRef(id: string): { $ref: string } {
  return { $ref: `#/components/schemas/${id}` };
}

/**
 * JSON Schemas generated from the zod contracts with `z.toJSONSchema` (draft-07, which the
 * AsyncAPI Schema object extends). `io: 'input'` describes what a receiver accepts: the
 * contracts parse with zod's default object mode, which ignores unknown fields, so the
 * schemas do not forbid additional properties (new optional fields stay compatible).
 */
export function buildPayloadSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of wireSchemas) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-07', io: 'input', uri: (id) => schemaRef(id).$ref });

  const result: Record<string, JsonSchema> = {};
  for (const [id] of wireSchemas) {
    const { $schema: _dialect, $id: _id, ...schema } = schemas[id] as JsonSchema;
    result[id] = describeProperties(id, schema);
  }
  return result;
}

/** Adds the one-line description of every property; throws when the two sides disagree. */
function describeProperties(id: string, schema: JsonSchema): JsonSchema {
  const descriptions = PayloadFieldDescriptions[id];
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (!descriptions || !properties) throw new Error(`No field descriptions for wire schema ${id}`);
  const undocumented = Object.keys(properties).filter((field) => !(field in descriptions));
  const stale = Object.keys(descriptions).filter((field) => !(field in properties));
  if (undocumented.length > 0 || stale.length > 0) {
    throw new Error(
      `Field descriptions of ${id} drifted from packages/contracts: undocumented [${undocumented.join(', ')}], stale [${stale.join(', ')}]`,
    );
  }
  const described = Object.fromEntries(
    Object.entries(properties).map(([field, property]) => [field, { description: descriptions[field], ...property }]),
  );
  return { ...schema, properties: described };
}

/** A command envelope whose `kind` is fixed: ExecuteStep and CompensateStep share one schema. */
export function stepCommandOfKind(kind: (typeof CommandKinds)[keyof typeof CommandKinds]): JsonSchema {
  return {
    allOf: [schemaRef(WireSchemaIds.stepCommand), { type: 'object', properties: { kind: { const: kind } } }],
  };
}

/** The AMQP headers table of packages/contracts/src/message-headers.ts. Headers repeat the body; the body is authoritative. */
export function buildHeadersSchema(): JsonSchema {
  const integerHeaders = new Set<string>([MessageHeaders.attempt, MessageHeaders.protocolVersion]);
  const properties = Object.fromEntries(
    (Object.keys(MessageHeaders) as Array<keyof typeof MessageHeaders>).map((key) => {
      const header = MessageHeaders[key];
      const type = integerHeaders.has(header) ? { type: 'integer', minimum: 1 } : { type: 'string' };
      return [header, { description: HeaderDescriptions[key], ...type }];
    }),
  );
  return { type: 'object', properties };
}
