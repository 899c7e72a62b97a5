import type { ParticipantView } from '../../orchestration/views/participant.view.js';
import type { ParticipantResponse } from './participant.schemas.js';

/** The API's participant resource, field by field. */
export function toParticipantResponse(participant: ParticipantView): ParticipantResponse {
  return {
    name: participant.name,
    commands: [...participant.commands],
    compensations: [...participant.compensations],
    instances: [...participant.instances],
    lastSeenAt: participant.lastSeenAt,
    queue: participant.queue === null ? null : { ...participant.queue },
  };
}
