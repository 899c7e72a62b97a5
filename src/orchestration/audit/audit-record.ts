import type { AuditAction } from './audit-action.js';
import type { AuditOutcome } from './audit-outcome.js';

/** One audit row to write. */
export interface AuditRecord {
  /** Chosen once per request: the store keeps at most one row per id. */
  readonly id: string;
  /** `Principal.id` of the caller; `anonymous` when no valid key was presented. */
  readonly principal: string;
  readonly action: AuditAction;
  /** What the action was about (a saga id, a definition name), when known. */
  readonly target: string | null;
  readonly requestId: string;
  readonly outcome: AuditOutcome;
  /** For refused or failed calls: status, problem type and message. */
  readonly detail: string | null;
}

/** Anything that can write an audit row inside its open transaction (a definition registration's; `AuditStore.writerIn` for a saga transaction). */
export interface AuditWriter {
  recordAudit(record: AuditRecord): Promise<void>;
}

/** A stored audit row. */
export interface StoredAuditEntry extends AuditRecord {
  /** Strictly increasing; the keyset of the newest-first listing. */
  readonly seq: string;
  /** ISO 8601. */
  readonly at: string;
}

/** Principal recorded for calls that presented no valid key. */
export const ANONYMOUS_PRINCIPAL = 'anonymous';
