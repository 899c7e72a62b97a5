/** How an audited call ended. */
export const AuditOutcomes = {
  /** The action was carried out (written in the action's own transaction). */
  Succeeded: 'succeeded',
  /** Refused before anything happened: no or an invalid key (401), a missing scope (403), a limit (429). */
  Denied: 'denied',
  /** Understood but refused by the rules: bad input, conflict, unknown target (other 4xx). Nothing changed. */
  Rejected: 'rejected',
  /** The server failed (5xx); the action's transaction did not commit. */
  Failed: 'failed',
} as const;
export type AuditOutcome = (typeof AuditOutcomes)[keyof typeof AuditOutcomes];

export const AllAuditOutcomes: readonly AuditOutcome[] = Object.values(AuditOutcomes);
