import type { AuditRecord } from '../../orchestration/audit/audit-record.js';

/** One audit row; a repeated id (same request) is ignored. Shared by every writer of the table. */
export const InsertAuditSql = `INSERT INTO audit_log (id, principal, action, target, request_id, outcome, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`;

export function auditParameters(record: AuditRecord): unknown[] {
  return [record.id, record.principal, record.action, record.target, record.requestId, record.outcome, record.detail];
}
