import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';

/** The announcement a participant publishes on start and then periodically (its heartbeat). */
export function buildAnnouncement(
  participant: string,
  instance: string,
  commands: Iterable<string>,
  compensations: Iterable<string>,
  now: Date,
): ParticipantAnnouncementMessage {
  return {
    participant,
    instance,
    commands: [...commands].sort(),
    compensations: [...compensations].sort(),
    announcedAt: now.toISOString(),
  };
}
