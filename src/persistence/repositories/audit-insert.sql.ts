import type { EntityManager } from 'typeorm';
import type { AuditRecord, AuditWriter } from '../../orchestration/audit/audit-record.js';

/** One audit row; a repeated id (same request) is ignored. Shared by every writer of the table. */
export const InsertAuditSql = `INSERT INTO audit_log (id, principal, action, target, request_id, outcome, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`;

export function auditParameters(record: AuditRecord): unknown[] {
  return [record.id, record.principal, record.action, record.target, record.requestId, record.outcome, record.detail];
}

/** An `AuditWriter` whose rows commit with the TypeORM transaction `manager` runs. */
export function auditWriterIn(manager: EntityManager): AuditWriter {
  return { recordAudit: async (record) => void (await manager.query(InsertAuditSql, auditParameters(record))) };
}
