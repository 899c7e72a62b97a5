import { z } from 'zod';
import {
  FlowNodeDescriptions,
  FlowNodeTypes,
  IgnoreReasons,
  SagaStatuses,
  StepKinds,
  StepLogTypes,
  StepStatuses,
} from '../../orchestration/views/vocabulary.js';
import { IsoDateTimeSchema, JsonObjectSchema, SafeIdentifierSchema } from '../common.schemas.js';

/** `POST /v1/sagas`. Strict: an unknown field is a 422 with a pointer to it. */
export const StartSagaRequestSchema = z
  .strictObject({
    definition: SafeIdentifierSchema.describe('Name of the saga definition to run.'),
    version: z.int().min(1).optional().describe('Definition version; the latest when absent.'),
    input: JsonObjectSchema.describe("The saga input; validated against the definition's input schema."),
  })
  .meta({
    id: 'StartSagaRequest',
    example: {
      definition: 'order',
      input: {
        orderId: 'o-1001',
        customerId: 'c-42',
        items: [{ sku: 'sku-1', quantity: 2, unitPrice: 19.5 }],
        shippingAddress: { country: 'DE' },
      },
    },
  });
export type StartSagaRequest = z.infer<typeof StartSagaRequestSchema>;

/** Path parameter `{id}` of the saga endpoints. */
export const SagaIdSchema = z.uuid().describe('The saga id (UUID).');

/** Path parameter `{step}` of the resolve endpoint: a step name of the saga's definition. */
export const StepNameSchema = SafeIdentifierSchema.describe("A step name of the saga's definition.");

/** The longest reason an operator may record with an action. */
const MAX_OPERATOR_REASON_LENGTH = 2000;
const OperatorReasonSchema = z.string().min(1).max(MAX_OPERATOR_REASON_LENGTH);

/** `POST /v1/sagas/{id}/cancel`: the body is optional; without one the cancel carries no reason. */
export const CancelSagaRequestSchema = z
  .strictObject({
    reason: OperatorReasonSchema.optional().describe('Why the saga is cancelled (1..2000 characters); recorded in the step log.'),
  })
  .optional()
  .meta({ id: 'CancelSagaRequest', example: { reason: 'Customer withdrew the order by phone.' } });
export type CancelSagaRequest = z.infer<typeof CancelSagaRequestSchema>;

/** `POST /v1/sagas/{id}/steps/{step}/resolve`. */
export const ResolveStepRequestSchema = z
  .strictObject({
    reason: OperatorReasonSchema.describe('How the step was undone by hand (1..2000 characters); recorded in the step log.'),
  })
  .meta({ id: 'ResolveStepRequest', example: { reason: 'Refund issued manually in the payment console, ticket OPS-1234.' } });
export type ResolveStepRequest = z.infer<typeof ResolveStepRequestSchema>;

/** `POST /v1/sagas/{id}/signals/{signal}`: any JSON object (optional); it becomes the wait step's output. */
export const SignalRequestSchema = JsonObjectSchema.optional().meta({ id: 'SignalPayload', example: { approvedBy: 'ann@example.com' } });

/**
 * An instant in a query: ISO 8601 with a time zone (`2026-11-02T10:15:30Z`). The format already
 * refuses impossible dates (2026-02-30); year 0000 it allows, and PostgreSQL has no year 0.
 */
const QueryInstantSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => !value.startsWith('0000-'), 'There is no year 0000: give an instant from year 0001 to 9999.');

/** The filter fields `GET /v1/sagas` and `POST /v1/bulk-operations` share (one meaning: the same SQL). */
export const SagaFilterShape = {
  status: z.enum(SagaStatuses).optional().describe('Only sagas in this status.'),
  definition: SafeIdentifierSchema.optional().describe('Only sagas of this definition.'),
  createdFrom: QueryInstantSchema.optional().describe('Only sagas created at or after this instant (ISO 8601 with a time zone).'),
  createdTo: QueryInstantSchema.optional().describe('Only sagas created before this instant (ISO 8601 with a time zone).'),
  inputField: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'Expected a top-level input field name: letters, digits, "_" or "-" (max 64).')
    .optional()
    .describe('With inputValue: only sagas whose input has this top-level field (e.g. `orderId`) ...'),
  inputValue: z
    .string()
    .min(1)
    .max(200)
    // eslint-disable-next-line no-control-regex -- NUL is exactly the character refused (and the pattern is published in the OpenAPI document)
    .regex(/^[^\u0000]*$/, 'Must not contain NUL characters.')
    .optional()
    .describe('... with exactly this string value.'),
};

/** The highest definition version a filter may name (PostgreSQL integer). */
const MAX_VERSION = 2_147_483_647;
const VERSION_DESCRIPTION = 'With definition: only sagas pinned to this version of it.';

/** The rules across the shared filter fields (both or neither input field, a non-empty range, version with definition). */
export function refineSagaFilter(
  filter: { inputField?: string; inputValue?: string; createdFrom?: string; createdTo?: string; definition?: string; version?: number },
  context: z.RefinementCtx,
): void {
  if ((filter.inputField === undefined) !== (filter.inputValue === undefined)) {
    const missing = filter.inputField === undefined ? 'inputField' : 'inputValue';
    context.addIssue({ code: 'custom', path: [missing], message: 'inputField and inputValue go together: give both or neither.' });
  }
  if (filter.createdFrom !== undefined && filter.createdTo !== undefined && Date.parse(filter.createdFrom) >= Date.parse(filter.createdTo)) {
    context.addIssue({ code: 'custom', path: ['createdTo'], message: 'createdTo must be later than createdFrom.' });
  }
  if (filter.version !== undefined && filter.definition === undefined) {
    context.addIssue({ code: 'custom', path: ['version'], message: 'version needs definition: a version number belongs to one definition.' });
  }
}

/** The saga filter of a bulk operation (a JSON body): the list's filter fields, version as a JSON integer. */
export const SagaFilterSchema = z
  .strictObject({ ...SagaFilterShape, version: z.int().min(1).max(MAX_VERSION).optional().describe(VERSION_DESCRIPTION) })
  .superRefine(refineSagaFilter)
  .meta({ id: 'SagaFilter', example: { status: 'COMPENSATION_FAILED', definition: 'order', createdFrom: '2026-12-01T00:00:00Z' } });
export type SagaFilter = z.infer<typeof SagaFilterSchema>;

/** `GET /v1/sagas` query. Strict: an unknown parameter (e.g. a sort field) is a 400. */
export const ListSagasQuerySchema = z
  .strictObject({
    ...SagaFilterShape,
    version: z.coerce.number().int().min(1).max(MAX_VERSION).optional().describe(VERSION_DESCRIPTION),
    id: z.uuid().optional().describe('Only the saga with this id (a search by id).'),
    attention: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe(
        'true: only sagas that need an operator: COMPENSATION_FAILED, RUNNING or COMPENSATING for longer than ATTENTION_RUNNING_LONGER_THAN_MS, or waiting out a retry backoff.',
      ),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1..100.'),
    cursor: z.string().min(1).max(512).optional().describe('The nextCursor of the previous page, unchanged.'),
  })
  .superRefine(refineSagaFilter);
export type ListSagasQuery = z.infer<typeof ListSagasQuerySchema>;

const StepErrorSchema = z
  .object({
    kind: z.enum(['business', 'technical', 'timeout']).describe('business: refused (final); technical: retried; timeout: no reply in time.'),
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: 'StepError' });

const CompensationSchema = z
  .object({
    command: z.string().nullable(),
    attempts: z.int(),
    startedAt: IsoDateTimeSchema.nullable(),
    finishedAt: IsoDateTimeSchema.nullable(),
    error: StepErrorSchema.nullable(),
    resolvedBy: z.object({ reason: z.string(), by: z.string().nullable() }).nullable().describe('Set when an operator resolved the step by hand.'),
  })
  .meta({ id: 'Compensation' });

const StepSchema = z
  .object({
    name: z.string(),
    type: z.enum(FlowNodeTypes).describe(`${FlowNodeDescriptions.types}.`),
    parent: z
      .object({ node: z.string(), branch: z.string() })
      .nullable()
      .describe('The parallel group or choice, and branch, this node runs in; null at top level.'),
    branch: z.string().nullable().describe('A choice: the branch it took; null otherwise.'),
    signal: z.string().nullable().describe('A wait: the signal it waits for; null otherwise.'),
    participant: z.string().nullable().describe('Participant steps only.'),
    command: z.string().nullable().describe('Participant steps only.'),
    kind: z.enum(StepKinds).nullable().describe('Participant steps and child sagas only.'),
    status: z.enum(StepStatuses),
    attempts: z.int(),
    output: z.unknown().describe("The participant's result on success: what the compensation receives."),
    error: StepErrorSchema.nullable(),
    startedAt: IsoDateTimeSchema.nullable(),
    finishedAt: IsoDateTimeSchema.nullable(),
    compensation: CompensationSchema.nullable().describe('Null until compensation of this step began (a child: its child saga undoing itself).'),
    child: z
      .object({
        definition: z.string().describe('The definition the child saga runs.'),
        version: z.int().nullable().describe('The pinned version; null: the latest when the child started.'),
        sagaId: z.uuid().nullable().describe('The child saga (GET /v1/sagas/{id}); null until it was created, or when it could not start.'),
        status: z.enum(['COMPLETED', 'COMPENSATED']).nullable().describe('How the child saga ended, once this saga heard; null while it runs.'),
      })
      .nullable()
      .describe('A child node: its child saga; null for other nodes.'),
  })
  .meta({ id: 'Step' });

/** `GET /v1/sagas/{id}` and the body of `POST /v1/sagas`. */
export const SagaResponseSchema = z
  .object({
    id: z.uuid(),
    definition: z.string(),
    version: z.int(),
    status: z.enum(SagaStatuses),
    input: z.unknown(),
    output: z.unknown().describe('Set when the saga completed; null otherwise.'),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
    parentSagaId: z.uuid().nullable().describe('A child saga: the saga whose child node started it; null otherwise.'),
    parentStep: z.string().nullable().describe("A child saga: its parent's child node; null otherwise."),
    steps: z.array(StepSchema).describe('Every node of the flow, depth-first in definition order (a parallel group or choice before its branches).'),
  })
  .meta({ id: 'Saga' });
export type SagaResponse = z.infer<typeof SagaResponseSchema>;

const SagaSummarySchema = z
  .object({
    id: z.uuid(),
    definition: z.string(),
    version: z.int(),
    status: z.enum(SagaStatuses),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
  })
  .meta({ id: 'SagaSummary' });

/** `GET /v1/sagas`: newest first. */
export const SagaPageResponseSchema = z
  .object({
    items: z.array(SagaSummarySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null on the last page.'),
  })
  .meta({ id: 'SagaPage' });
export type SagaPageResponse = z.infer<typeof SagaPageResponseSchema>;

/**
 * What a step-log entry's `data` holds, by `type` (docs/participants.md, "The step log", has the
 * table). Every field is optional: each type carries only its own; unknown fields may be added.
 */
const StepLogDataSchema = z
  .looseObject({
    why: z.enum(IgnoreReasons).optional().describe('`ReplyIgnored`: why the reply or timer changed nothing.'),
    trigger: z.string().optional().describe('`ReplyIgnored`: what was ignored, e.g. `StepReplyReceived` or `TimerFired`.'),
    kind: z.enum(['execute', 'compensate']).optional().describe("`ReplyIgnored`: the ignored reply's command kind."),
    outcome: z.string().optional().describe("`ReplyIgnored`: the ignored reply's outcome."),
    error: StepErrorSchema.optional().describe(
      '`StepFailed`, `StepRetryScheduled`, `CompensationRetryScheduled`, `CompensationFailed`, `SagaCompensationFailed`: what went wrong.',
    ),
    delayMs: z
      .int()
      .optional()
      .describe('`StepRetryScheduled`, `CompensationRetryScheduled`: the backoff before the next attempt; `DelayStarted`: the delay.'),
    nextAttemptAt: IsoDateTimeSchema.optional().describe('`StepRetryScheduled`, `CompensationRetryScheduled`: when the next attempt is sent.'),
    timeoutMs: z.int().optional().describe("`StepTimedOut`: the step's (or child node's) timeout; `WaitStarted`, `WaitTimedOut`: the wait's."),
    output: z.unknown().optional().describe('`StepSucceeded`, `ChildSagaCompleted`, `SagaCompleted`: the output.'),
    lateAttempt: z.boolean().optional().describe("`StepSucceeded`: an earlier attempt's success arrived while a later attempt ran (it counts)."),
    maybeDone: z.boolean().optional().describe('`StepFailed`: an attempt timed out, so the step may have taken effect and is compensated.'),
    retriesExhausted: z.boolean().optional().describe('`StepFailed`: the retry budget is spent.'),
    turnedBack: z.string().optional().describe('`StepFailed`: the saga turned back (this reason) while the step waited for a retry.'),
    notChosen: z.string().optional().describe('`StepSkipped`: the choice whose other branch was taken.'),
    interrupted: z.boolean().optional().describe('`StepSkipped`: a wait or delay cut short by turning back. No data: a node the saga never reached.'),
    definition: z.string().optional().describe('`SagaStarted`, `ChildSagaStarted`: the definition name.'),
    version: z.int().nullable().optional().describe('`SagaStarted`, `ChildSagaStarted`: its version (null: the latest when the child starts).'),
    reason: z.string().nullable().optional().describe('`SagaCancelRequested`, `StepResolvedByOperator`, `ParentCompensationRequested`: why.'),
    by: z.string().nullable().optional().describe('Operator actions: who.'),
  })
  .meta({ id: 'StepLogData' });

const StepLogEntrySchema = z
  .object({
    seq: z.int().describe('Strictly increasing within the saga.'),
    type: z.enum(StepLogTypes).describe('What happened; `data` depends on it (docs/participants.md, "The step log").'),
    step: z.string().nullable(),
    attempt: z.int().nullable(),
    at: IsoDateTimeSchema,
    data: StepLogDataSchema.nullable(),
  })
  .meta({ id: 'StepLogEntry' });

/** `GET /v1/sagas/{id}/events`: the step log, oldest first. */
export const StepLogResponseSchema = z.array(StepLogEntrySchema).meta({ id: 'StepLog' });
export type StepLogResponse = z.infer<typeof StepLogResponseSchema>;

/** `GET /v1/sagas/counts`. */
export const SagaCountsResponseSchema = z
  .object({
    byStatus: z
      .object(Object.fromEntries(Object.values(SagaStatuses).map((status) => [status, z.int()])))
      .describe('Sagas per status, zeros included.'),
    needsAttention: z.int().describe('Sagas that need an operator (what `GET /v1/sagas?attention=true` lists).'),
    total: z.int(),
    attentionThresholdMs: z.int().describe('A saga running longer than this needs attention (ATTENTION_RUNNING_LONGER_THAN_MS).'),
  })
  .meta({
    id: 'SagaCounts',
    example: {
      byStatus: { RUNNING: 3, COMPENSATING: 0, COMPLETED: 120, COMPENSATED: 7, COMPENSATION_FAILED: 1 },
      needsAttention: 1,
      total: 131,
      attentionThresholdMs: 300000,
    },
  });
export type SagaCountsResponse = z.infer<typeof SagaCountsResponseSchema>;

/** One `saga` event of `GET /v1/sagas/stream` (its `data`, as JSON). */
export const SagaChangeEventSchema = SagaSummarySchema;
