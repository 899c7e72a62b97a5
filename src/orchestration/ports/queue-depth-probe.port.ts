/** What the broker says of one queue right now. */
export interface QueueDepth {
  /** Messages ready for delivery (not counting those delivered and not yet acked). */
  readonly messages: number;
  readonly consumers: number;
}

/** Reads a participant's command queue depth from the broker (a passive check: never declares). */
export abstract class QueueDepthProbe {
  /** Null when the queue does not exist or the broker does not answer in time. */
  abstract depthOf(participant: string): Promise<QueueDepth | null>;
}
