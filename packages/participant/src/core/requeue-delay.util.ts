/** Bounds of the pause before a command is handed back to the broker after a fence failure. */
export const RequeueDelay = { initialMs: 500, maxMs: 15_000 } as const;

/**
 * How long to hold a command before requeueing it when the fence database is unreachable:
 * doubles with each earlier delivery (quorum queues count them in `x-delivery-count`), so a
 * short database outage is ridden out without spinning, before the delivery limit
 * dead-letters the command.
 */
export function requeueDelayMs(deliveryCount: unknown): number {
  const previous = typeof deliveryCount === 'number' && Number.isFinite(deliveryCount) && deliveryCount > 0 ? Math.floor(deliveryCount) : 0;
  return Math.min(RequeueDelay.maxMs, RequeueDelay.initialMs * 2 ** Math.min(previous, 30));
}
