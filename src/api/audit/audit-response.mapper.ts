import type { AuditPage } from '../../orchestration/audit/audit-trail.service.js';
import type { AuditPageResponse } from './audit.schemas.js';

/** The API's audit page; field by field, so a stored column reaches clients only when documented. */
export function toAuditPageResponse(page: AuditPage): AuditPageResponse {
  return {
    items: page.items.map((entry) => ({
      id: entry.id,
      at: entry.at,
      principal: entry.principal,
      action: entry.action,
      target: entry.target,
      requestId: entry.requestId,
      outcome: entry.outcome,
      detail: entry.detail,
    })),
    nextCursor: page.nextCursor,
  };
}
