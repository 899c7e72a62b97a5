import type { DueTimer } from '../ports/saga-store.port.js';

/** The inbox id of a fired timer: `timer:<sagaId>:<kind>:<step>:<attempt>`, so each timer fires once. */
export function timerInboxKey(timer: DueTimer): string {
  return `timer:${timer.sagaId}:${timer.kind}:${timer.step ?? ''}:${timer.attempt ?? 0}`;
}
