import type { StoredParticipant } from '../ports/participant-store.port.js';
import type { QueueDepth } from '../ports/queue-depth-probe.port.js';
import type { ParticipantView } from '../views/participant.view.js';

export function toParticipantView(participant: StoredParticipant, queue: QueueDepth | null = null): ParticipantView {
  return {
    name: participant.name,
    commands: [...participant.commands],
    compensations: [...participant.compensations],
    instances: [...participant.instances],
    lastSeenAt: participant.lastSeenAt,
    queue: queue === null ? null : { messages: queue.messages, consumers: queue.consumers },
  };
}
