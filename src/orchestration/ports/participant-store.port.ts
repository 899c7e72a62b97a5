import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';
import type { AuditWriter } from '../audit/audit-record.js';

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
  /**
   * Deletes the participant's row; false when there was none. `whenRemoved` runs in the same
   * transaction after a successful delete (the audit row commits with the removal or not at all).
   */
  abstract remove(name: string, whenRemoved?: (tx: AuditWriter) => Promise<void>): Promise<boolean>;
}
