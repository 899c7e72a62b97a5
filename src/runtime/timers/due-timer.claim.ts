import type { ClaimedTrigger } from '../apply-request.js';
import type { SagaTransaction } from '../ports/saga-store.port.js';
import { timerInboxKey } from './timer-inbox-key.mapper.js';

/**
 * Claims the next due timer inside the runtime's transaction (`FOR UPDATE SKIP LOCKED`: each
 * replica gets a different one) and deletes it there: it is gone exactly when the transaction
 * that fired it commits. Its inbox key makes it fire at most once even if it were claimed twice;
 * its work continues the saga's own trace (stored at the start). Undefined when none is due.
 */
export async function claimDueTimer(tx: SagaTransaction): Promise<ClaimedTrigger | undefined> {
  const [timer] = await tx.claimDueTimers(1);
  if (!timer) return undefined;
  await tx.deleteTimer(timer);
  const target = {
    ...(timer.step === undefined ? {} : { step: timer.step }),
    ...(timer.attempt === undefined ? {} : { attempt: timer.attempt }),
  };
  return {
    sagaId: timer.sagaId,
    trigger: { type: 'TimerFired', kind: timer.kind, ...target },
    options: {
      inbound: timerInboxKey(timer),
      scope: (saga) => ({
        name: `saga timer ${timer.kind}`,
        sagaId: saga.id,
        definition: saga.definitionName,
        ...target,
        ...(saga.traceContext === undefined ? {} : { parent: saga.traceContext }),
      }),
    },
  };
}
