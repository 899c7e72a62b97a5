import { commandMessageId, type StepReplyMessage } from '@saga-coordinator/contracts';

/**
 * The message id of the command a reply answers. A reply proves that command reached its
 * participant, so the reply's own transaction marks the command's outbox row sent.
 */
export function answeredCommand(reply: Pick<StepReplyMessage, 'sagaId' | 'step' | 'kind' | 'attempt'>): string {
  return commandMessageId(reply.sagaId, reply.step, reply.kind, reply.attempt);
}
