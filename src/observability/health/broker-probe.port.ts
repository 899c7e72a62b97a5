/** What the broker said when the readiness probe asked. */
export type BrokerProbeResult =
  { readonly up: true; readonly repliesQueueDepth: number; readonly consumers: number } | { readonly up: false; readonly message: string };

/**
 * Asks the message broker whether the coordinator can use it (implemented in messaging, so
 * health never imports the broker client or its connection). Must answer within a couple of
 * seconds and never throw.
 */
export abstract class BrokerProbe {
  abstract check(): Promise<BrokerProbeResult>;
}
