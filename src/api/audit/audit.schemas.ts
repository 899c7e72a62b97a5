import { z } from 'zod';
import { AuditActions } from '../../orchestration/audit/audit-action.js';
import { AuditOutcomes } from '../../orchestration/audit/audit-outcome.js';

/** `GET /v1/audit` query: filters are exact matches; `limit` 1..100 (default 50). */
export const ListAuditQuerySchema = z.strictObject({
  action: z.enum(AuditActions).optional().describe('Only this action.'),
  principal: z.string().min(1).max(100).optional().describe('Only calls by this principal (an API key id, `anonymous`, `auth-disabled`).'),
  target: z.string().min(1).max(200).optional().describe('Only calls about this target (a saga id, a definition name).'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, 1..100.'),
  cursor: z.string().min(1).max(64).optional().describe('The `nextCursor` of the previous page, unchanged.'),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuerySchema>;

export const AuditEntryResponseSchema = z
  .object({
    id: z.uuid().describe('Unique per request.'),
    at: z.string().describe('When the row was written (ISO 8601).'),
    principal: z.string().describe('API key id of the caller; `anonymous` without a valid key; `auth-disabled` when auth is off.'),
    action: z.enum(AuditActions),
    target: z.string().nullable().describe('The saga id or definition name the call was about, when known.'),
    requestId: z.string().describe('The `X-Request-Id` of the call.'),
    outcome: z.enum(AuditOutcomes).describe('succeeded, denied (401/403/429), rejected (other 4xx) or failed (5xx).'),
    detail: z.string().nullable().describe('For refused or failed calls: status, problem type and message.'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryResponse = z.infer<typeof AuditEntryResponseSchema>;

export const AuditPageResponseSchema = z
  .object({
    items: z.array(AuditEntryResponseSchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null on the last page.'),
  })
  .meta({ id: 'AuditPage' });
export type AuditPageResponse = z.infer<typeof AuditPageResponseSchema>;
