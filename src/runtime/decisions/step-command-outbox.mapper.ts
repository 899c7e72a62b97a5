import {
  CommandKinds,
  commandMessageId,
  commandRoutingKey,
  MessageHeaders,
  MessageTypes,
  PROTOCOL_VERSION,
  type StepCommandMessage,
  Topology,
} from '@saga-coordinator/contracts';
import type { CommandToSend } from '../../saga-engine/decision.js';
import type { NewOutboxMessage } from '../ports/saga-store.port.js';

/**
 * The outbox row for one engine command: the wire envelope (contracts/step-command.message.ts)
 * with its deterministic id, headers and routing key. `now` is the database clock of the
 * transaction; the deadline is `now + timeoutMs`.
 */
export function stepCommandOutboxMessage(sagaId: string, command: CommandToSend, now: string): NewOutboxMessage {
  const messageId = commandMessageId(sagaId, command.step, command.kind, command.attempt);
  const body: StepCommandMessage = {
    messageId,
    sagaId,
    step: command.step,
    participant: command.participant,
    command: command.command,
    kind: command.kind,
    attempt: command.attempt,
    payload: command.payload,
    deadline: new Date(Date.parse(now) + command.timeoutMs).toISOString(),
    sentAt: now,
  };
  return {
    messageId,
    exchange: Topology.commandsExchange,
    routingKey: commandRoutingKey(command.participant, command.command),
    type: command.kind === CommandKinds.execute ? MessageTypes.executeStep : MessageTypes.compensateStep,
    correlationId: sagaId,
    headers: {
      [MessageHeaders.sagaId]: sagaId,
      [MessageHeaders.step]: command.step,
      [MessageHeaders.attempt]: command.attempt,
      [MessageHeaders.participant]: command.participant,
      [MessageHeaders.protocolVersion]: PROTOCOL_VERSION,
    },
    payload: body,
  };
}
