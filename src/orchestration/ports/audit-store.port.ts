import type { SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import type { AuditAction } from '../audit/audit-action.js';
import type { AuditRecord, StoredAuditEntry } from '../audit/audit-record.js';
import type { AuditWriter } from '../audit/audit-record.js';

export interface AuditListFilter {
  readonly action?: AuditAction;
  readonly principal?: string;
  readonly target?: string;
  readonly limit: number;
  /** Rows with a smaller `seq` than this one. */
  readonly beforeSeq?: string;
}

/** The audit log (table `audit_log`). Rows are never updated or deleted by the service. */
export abstract class AuditStore {
  /** Writes the row in its own transaction unless a row with its id exists; true when written. */
  abstract insertIfAbsent(record: AuditRecord): Promise<boolean>;
  /** Newest first. */
  abstract list(filter: AuditListFilter): Promise<StoredAuditEntry[]>;
  /**
   * Writes audit rows inside the runtime's open transaction `tx` (an operator action's, a
   * start's), so the row commits with the change or not at all. The runtime's transaction port
   * knows nothing of the audit log; the store that made `tx` does.
   */
  abstract writerIn(tx: SagaTransaction): AuditWriter;
}
