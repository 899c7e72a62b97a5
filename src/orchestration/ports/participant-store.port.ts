import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';

/** A participant as it last announced itself. */
export interface StoredParticipant {
  readonly name: string;
  readonly commands: string[];
  readonly compensations: string[];
  /** Newest first. */
  readonly instances: string[];
  readonly lastSeenAt: string;
}

/** Persistence of participant announcements. */
export abstract class ParticipantStore {
  /** Upserts the participant; its instance moves to the front of `instances`; last seen = database now. */
  abstract recordAnnouncement(announcement: ParticipantAnnouncementMessage): Promise<void>;
  /** By name. */
  abstract list(): Promise<StoredParticipant[]>;
}
