import { z } from 'zod';
import { BulkActions, BulkItemOutcomes, BulkOperationStatuses } from '../../orchestration/bulk/bulk-operation.js';
import { IsoDateTimeSchema, SafeIdentifierSchema } from '../common.schemas.js';
import { SagaFilterSchema } from '../sagas/saga.schemas.js';

/** Path parameter `{id}`. */
export const BulkOperationIdSchema = z.uuid().describe('The bulk operation id (UUID).');

/** The largest count a confirmation may carry (PostgreSQL integer). */
const MAX_COUNT = 2_147_483_647;

/** `POST /v1/bulk-operations`. Strict; the action decides which of step and reason it takes. */
export const CreateBulkOperationRequestSchema = z
  .strictObject({
    action: z.enum(BulkActions).describe('The single operator action applied to every matched saga: cancel, retry, or resolve a step.'),
    filter: SagaFilterSchema.describe('Which sagas: the same fields, with the same meaning, as the query of GET /v1/sagas (all of them ANDed).'),
    step: SafeIdentifierSchema.optional().describe('resolve only (required): the step marked undone by hand in every matched saga.'),
    reason: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe("cancel: optional; resolve: required; recorded in each saga's step log like the single action's reason. Not taken by retry."),
    dryRun: z.boolean().optional().describe('true: only count the matching sagas (and show a few); nothing is written.'),
    expectedCount: z
      .int()
      .min(0)
      .max(MAX_COUNT)
      .optional()
      .describe(
        'Required unless dryRun: the count the dry run answered, as the operator confirmed it. Another count now answers 409 bulk-count-mismatch.',
      ),
  })
  .superRefine((body, context) => {
    if (body.action === 'resolve' && body.step === undefined)
      context.addIssue({ code: 'custom', path: ['step'], message: 'resolve needs the step to resolve.' });
    if (body.action === 'resolve' && body.reason === undefined)
      context.addIssue({ code: 'custom', path: ['reason'], message: 'resolve needs a reason: how the step was undone by hand.' });
    if (body.action !== 'resolve' && body.step !== undefined)
      context.addIssue({ code: 'custom', path: ['step'], message: `${body.action} takes no step.` });
    if (body.action === 'retry' && body.reason !== undefined)
      context.addIssue({ code: 'custom', path: ['reason'], message: 'retry takes no reason.' });
    if (body.dryRun !== true && body.expectedCount === undefined)
      context.addIssue({
        code: 'custom',
        path: ['expectedCount'],
        message: 'Confirm the count of the dry run (expectedCount), or ask for a dry run (dryRun: true).',
      });
  })
  .meta({
    id: 'CreateBulkOperationRequest',
    example: { action: 'retry', filter: { status: 'COMPENSATION_FAILED', definition: 'order' }, expectedCount: 2000 },
  });
export type CreateBulkOperationRequest = z.infer<typeof CreateBulkOperationRequestSchema>;

/** The answer of a dry run. */
export const BulkDryRunResponseSchema = z
  .object({
    dryRun: z.literal(true),
    matched: z.int().describe('Sagas the filter matches now: send it back as expectedCount to start the operation.'),
    sample: z.array(z.uuid()).describe('The oldest matched saga ids (at most 10).'),
  })
  .meta({ id: 'BulkDryRun', example: { dryRun: true, matched: 2000, sample: ['01938f6e-4c1a-7b2e-9d4f-2a6b8c0d1e2f'] } });
export type BulkDryRunResponse = z.infer<typeof BulkDryRunResponseSchema>;

/** A bulk operation and its progress. */
export const BulkOperationResponseSchema = z
  .object({
    id: z.uuid(),
    action: z.enum(BulkActions),
    filter: z.record(z.string(), z.unknown()).describe('The filter as it was given.'),
    step: z.string().nullable(),
    reason: z.string().nullable(),
    status: z.enum(BulkOperationStatuses).describe('RUNNING until no item is pending (then COMPLETED), or CANCELLED.'),
    matched: z.int().describe('Sagas matched when the operation was created: its snapshot; sagas created later never join.'),
    totals: z
      .object({
        pending: z.int().describe('Not acted on yet.'),
        done: z.int().describe('Acted on: one step-log entry and one audit row each.'),
        skipped: z.int().describe('The saga refused the action (e.g. no longer COMPENSATION_FAILED) or was gone.'),
        cancelled: z.int().describe('Not acted on: the operation was cancelled first.'),
      })
      .describe('Items per outcome; they add up to matched.'),
    createdBy: z.string().nullable().describe('The API key that created it; null when auth is disabled.'),
    createdAt: IsoDateTimeSchema,
    finishedAt: IsoDateTimeSchema.nullable(),
  })
  .meta({ id: 'BulkOperation' });
export type BulkOperationResponse = z.infer<typeof BulkOperationResponseSchema>;

export const BulkOperationPageResponseSchema = z
  .object({
    items: z.array(BulkOperationResponseSchema),
    nextBefore: z.uuid().nullable().describe('Pass as `before` for the next (older) page; null on the last one.'),
  })
  .meta({ id: 'BulkOperationPage' });
export type BulkOperationPageResponse = z.infer<typeof BulkOperationPageResponseSchema>;

/** `GET /v1/bulk-operations`. */
export const ListBulkOperationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20).describe('Page size, 1..50.'),
  before: z.uuid().optional().describe('The nextBefore of the previous page.'),
});
export type ListBulkOperationsQuery = z.infer<typeof ListBulkOperationsQuerySchema>;

/** `GET /v1/bulk-operations/{id}/items`. */
export const ListBulkItemsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Page size, 1..500.'),
  after: z.uuid().optional().describe('The nextAfter of the previous page (items come in saga id order).'),
  outcome: z.enum(BulkItemOutcomes).optional().describe('Only items with this outcome.'),
});
export type ListBulkItemsQuery = z.infer<typeof ListBulkItemsQuerySchema>;

export const BulkItemPageResponseSchema = z
  .object({
    items: z.array(
      z.object({
        sagaId: z.uuid(),
        outcome: z.enum(BulkItemOutcomes),
        detail: z.string().nullable().describe('skipped: why the saga refused the action.'),
        doneAt: IsoDateTimeSchema.nullable(),
      }),
    ),
    nextAfter: z.uuid().nullable().describe('Pass as `after` for the next page; null on the last one.'),
  })
  .meta({ id: 'BulkItemPage' });
export type BulkItemPageResponse = z.infer<typeof BulkItemPageResponseSchema>;
