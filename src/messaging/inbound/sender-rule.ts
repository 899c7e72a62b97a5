import { MessageTypes, Topology } from '@saga-coordinator/contracts';
import { type InboundRefusal, InboundRefusals } from '../../observability/metrics/saga-metrics.port.js';
import type { ParsedInboundMessage } from './parse-inbound-message.js';

/** Who sent a delivery, as the broker verified it. */
export interface InboundSender {
  /** The exchange it was published to (`fields.exchange`): the broker checked the sender's write permission on it. */
  readonly exchange: string;
  /** The AMQP `user-id` property: RabbitMQ refuses a publish whose user-id is not the connection's user. */
  readonly userId: string | undefined;
}

/** The sender's verified broker user, or why the message is refused for who sent it (the dead-letter reason and the metric label). */
export type SenderCheck = { readonly kind: 'verified'; readonly brokerUser: string } | SenderRefusal;
export interface SenderRefusal {
  readonly kind: 'rejected';
  readonly reason: string;
  readonly refusal: InboundRefusal;
}

/**
 * The checks that need no store: every message must carry the broker-verified user-id, and a
 * message only the coordinator sends (parent ↔ child sagas) must come through its exchange,
 * which participants may not publish to, and from its own broker user. Which participant a
 * user may speak for is decided afterwards (ParticipantIdentities).
 */
export function checkSender(
  message: Exclude<ParsedInboundMessage, { kind: 'malformed' }>,
  sender: InboundSender,
  coordinatorBrokerUser: string,
): SenderCheck {
  if (sender.userId === undefined || sender.userId === '') {
    return {
      kind: 'rejected',
      reason: 'no user-id property: the broker verified no sender (publish with user-id set to your broker user)',
      refusal: InboundRefusals.unverifiedSender,
    };
  }
  const verified = { kind: 'verified', brokerUser: sender.userId } as const;
  if (message.kind !== 'coordinator') return verified;
  const type = message.message.type === 'child-finished' ? MessageTypes.childSagaFinished : MessageTypes.compensateChildSaga;
  if (sender.exchange !== Topology.coordinatorExchange) {
    return {
      kind: 'rejected',
      reason: `${type} is accepted only through exchange ${Topology.coordinatorExchange}, not ${sender.exchange === '' ? '(default exchange)' : sender.exchange}`,
      refusal: InboundRefusals.notCoordinator,
    };
  }
  if (sender.userId !== coordinatorBrokerUser) {
    return {
      kind: 'rejected',
      reason: `${type} is accepted only from the coordinator's broker user, not ${sender.userId}`,
      refusal: InboundRefusals.notCoordinator,
    };
  }
  return verified;
}
