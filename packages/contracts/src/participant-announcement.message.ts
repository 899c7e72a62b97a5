import { z } from 'zod';

const name = z.string().min(1).max(200);

/**
 * Participant → coordinator, on start-up and then periodically (heartbeat). Published to
 * `saga.replies` with routing key `announce`.
 */
export const ParticipantAnnouncementMessage = z
  .object({
    participant: name,
    /** Identifies one running process of the participant (host:pid or similar). */
    instance: name,
    /** Commands the participant executes. */
    commands: z.array(name).max(1000),
    /** Compensation commands it handles. */
    compensations: z.array(name).max(1000),
    announcedAt: z.string().datetime({ offset: true }),
  })
  .meta({ id: 'ParticipantAnnouncement' });
export type ParticipantAnnouncementMessage = z.infer<typeof ParticipantAnnouncementMessage>;
