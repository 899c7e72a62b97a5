/** `GET /v1/participants`: a participant that announced itself. */
export interface ParticipantView {
  name: string;
  commands: string[];
  compensations: string[];
  /** Instances seen (host:pid), newest first. */
  instances: string[];
  lastSeenAt: string;
}
