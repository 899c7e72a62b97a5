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
  /** The broker user it is bound to; null until its first announcement since bindings exist. */
  readonly brokerUser: string | null;
}

/** Persistence of participant announcements. */
export abstract class ParticipantStore {
  /**
   * Upserts the participant, binding it to `brokerUser` when it is new or unbound; its instance
   * moves to the front of `instances`; last seen = database now. False, and nothing changed,
   * when the participant is bound to another broker user (decided atomically by the database).
   */
  abstract recordAnnouncement(announcement: ParticipantAnnouncementMessage, brokerUser: string): Promise<boolean>;
  /** The broker user the participant is bound to; undefined when unknown or unbound. */
  abstract brokerUserOf(name: string): Promise<string | undefined>;
  /** By name. */
  abstract list(): Promise<StoredParticipant[]>;
  /**
   * Deletes the participant's row; false when there was none. `whenRemoved` runs in the same
   * transaction after a successful delete (the audit row commits with the removal or not at all).
   */
  abstract remove(name: string, whenRemoved?: (tx: AuditWriter) => Promise<void>): Promise<boolean>;
}
