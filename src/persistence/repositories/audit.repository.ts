import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditAction } from '../../orchestration/audit/audit-action.js';
import type { AuditOutcome } from '../../orchestration/audit/audit-outcome.js';
import type { AuditRecord, StoredAuditEntry } from '../../orchestration/audit/audit-record.js';
import type { AuditWriter } from '../../orchestration/audit/audit-record.js';
import { AuditStore, type AuditListFilter } from '../../orchestration/ports/audit-store.port.js';
import type { SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import { auditParameters, InsertAuditSql } from './audit-insert.sql.js';
import { PostgresSagaTransaction } from './postgres-saga.transaction.js';
import { toStoreError } from './store-access.util.js';
import { iso } from './sql-rows.util.js';

interface AuditRow {
  seq: string;
  id: string;
  at: Date;
  principal: string;
  action: AuditAction;
  target: string | null;
  request_id: string;
  outcome: AuditOutcome;
  detail: string | null;
}

/** `AuditStore` on the `audit_log` table. */
@Injectable()
export class AuditRepository extends AuditStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  /** The saga transactions of this store are `PostgresSagaTransaction`s, which queue the audit row with their writes. */
  writerIn(tx: SagaTransaction): AuditWriter {
    if (!(tx instanceof PostgresSagaTransaction)) throw new Error('AuditRepository can only write in a PostgreSQL saga transaction.');
    return tx;
  }

  async insertIfAbsent(record: AuditRecord): Promise<boolean> {
    try {
      const rows = await this.dataSource.query<unknown[]>(`${InsertAuditSql} RETURNING seq`, auditParameters(record));
      return rows.length === 1;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async list(filter: AuditListFilter): Promise<StoredAuditEntry[]> {
    try {
      // Ordered by the table's bigint column: a bare `seq` in ORDER BY would name the text output
      // column, and '99' > '250' in text order (newest first was wrong past 99 rows).
      const rows = await this.dataSource.query<AuditRow[]>(
        `SELECT audit_log.seq::text AS seq, id, at, principal, action, target, request_id, outcome, detail
         FROM audit_log
         WHERE ($1::text IS NULL OR action = $1)
           AND ($2::text IS NULL OR principal = $2)
           AND ($3::text IS NULL OR target = $3)
           AND ($4::bigint IS NULL OR audit_log.seq < $4::bigint)
         ORDER BY audit_log.seq DESC
         LIMIT $5`,
        [filter.action ?? null, filter.principal ?? null, filter.target ?? null, filter.beforeSeq ?? null, filter.limit],
      );
      return rows.map((row) => ({
        seq: row.seq,
        id: row.id,
        at: iso(row.at),
        principal: row.principal,
        action: row.action,
        target: row.target,
        requestId: row.request_id,
        outcome: row.outcome,
        detail: row.detail,
      }));
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
