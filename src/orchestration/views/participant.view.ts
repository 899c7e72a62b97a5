/** `GET /v1/participants`: a participant that announced itself. */
export interface ParticipantView {
  name: string;
  commands: string[];
  compensations: string[];
  /** Instances seen (host:pid), newest first. */
  instances: string[];
  lastSeenAt: string;
  /** Its command queue right now; null when the broker did not tell (queue missing, broker down). */
  queue: { messages: number; consumers: number } | null;
}
