import { commandMessageId, replyMessageId, type StepReplyMessage } from '@saga-coordinator/contracts';

/** A participant's reply to `execute` attempt `attempt` of `step`, with the deterministic ids. */
export function executeReply(sagaId: string, step: string, participant: string, overrides: Partial<StepReplyMessage> = {}): StepReplyMessage {
  const attempt = overrides.attempt ?? 1;
  const commandId = commandMessageId(sagaId, step, 'execute', attempt);
  return {
    messageId: replyMessageId(commandId),
    inReplyTo: commandId,
    sagaId,
    step,
    participant,
    kind: 'execute',
    attempt,
    outcome: 'succeeded',
    output: { ref: `${step}-ref` },
    repliedAt: new Date().toISOString(),
    ...overrides,
  };
}
