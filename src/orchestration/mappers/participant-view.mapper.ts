import type { StoredParticipant } from '../ports/participant-store.port.js';
import type { ParticipantView } from '../views/participant.view.js';

export function toParticipantView(participant: StoredParticipant): ParticipantView {
  return {
    name: participant.name,
    commands: [...participant.commands],
    compensations: [...participant.compensations],
    instances: [...participant.instances],
    lastSeenAt: participant.lastSeenAt,
  };
}
