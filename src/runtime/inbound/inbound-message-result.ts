import type { InboundRefusal } from '../../observability/metrics/saga-metrics.port.js';

/** What the runtime did with an inbound message; the consumer acks or dead-letters accordingly. */
export type InboundMessageResult =
  /** The trigger was applied and committed: ack. */
  | { readonly kind: 'applied' }
  /** Already processed (inbox hit) or stale: nothing changed: ack. */
  | { readonly kind: 'duplicate' }
  /** Cannot ever be processed (unknown saga, wrong participant …): dead-letter with the reason; `refusal` when it is the sender's fault. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly refusal?: InboundRefusal };
