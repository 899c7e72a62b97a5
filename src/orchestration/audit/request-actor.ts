import type { Principal } from '../auth/principal.js';

/** Who makes the current API request, as the audit log and the in-flight cap need it. */
export interface RequestActor {
  /** Unique per request: the id of the request's one audit row. */
  readonly auditId: string;
  /** Null when no valid key was presented. */
  readonly principal: Principal | null;
  /** `X-Request-Id` (accepted from the client or generated). */
  readonly requestId: string;
}
