import { SetMetadata } from '@nestjs/common';
import type { AuditAction } from '../../orchestration/audit/audit-action.js';

/** Metadata key of an endpoint's audit settings. */
export const AUDITED = 'saga-coordinator:audited';

/** Where a refused request names its target: a path parameter or a top-level body field. */
export type AuditTargetSource = { readonly param: string } | { readonly body: string };

/** What the audit log records about an endpoint. */
export interface AuditedEndpoint {
  readonly action: AuditAction;
  /** Where to read the target of a request that was refused before its service ran. */
  readonly target?: AuditTargetSource;
}

/**
 * A mutating endpoint: every call leaves exactly one audit row (see `AuditTrailService`).
 * Records metadata only; `ApiAccessGuard` (denials) and `AuditInterceptor` (outcomes) act on it.
 */
export function Audited(action: AuditAction, target?: AuditTargetSource): MethodDecorator {
  return SetMetadata(AUDITED, { action, ...(target === undefined ? {} : { target }) } satisfies AuditedEndpoint);
}
