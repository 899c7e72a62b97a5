import { Injectable } from '@nestjs/common';
import type { StepReplyMessage } from '@saga-coordinator/contracts';
import { type InboundRefusal, InboundRefusals, SagaMetrics } from '../../observability/metrics/saga-metrics.port.js';
import type { SagaTrigger } from '../../saga-engine/triggers/saga-trigger.js';
import type { ApplyOutcome } from '../apply-request.js';
import { childSagaId } from '../children/child-saga-messages.mapper.js';
import { SagaRuntime } from '../saga-runtime.service.js';
import { type CoordinatorMessage, InboundMessageHandler } from './inbound-message-handler.port.js';
import type { InboundMessageResult } from './inbound-message-result.js';
import { whyReplyIsRejected } from './reply-rejection.rule.js';

/**
 * Saga messages from the broker, as runtime triggers: a participant's reply, a child's result
 * for its parent, a parent's request that its child undo itself. Each is applied once (the
 * message id goes to the inbox), and turned away for good when it can never apply.
 */
@Injectable()
export class SagaInboundMessageHandler extends InboundMessageHandler {
  constructor(
    private readonly runtime: SagaRuntime,
    private readonly metrics: SagaMetrics,
  ) {
    super();
  }

  async handleReply(reply: StepReplyMessage): Promise<InboundMessageResult> {
    let notOwned = false;
    const outcome = await this.runtime.apply(reply.sagaId, replyTrigger(reply), {
      inbound: reply.messageId,
      refuse: (_saga, definition) => {
        const rejection = whyReplyIsRejected(definition, reply);
        notOwned = rejection?.stepNotOwned === true;
        return rejection?.reason;
      },
    });
    const result: InboundMessageResult =
      outcome.kind === 'not-found'
        ? { kind: 'rejected', reason: `unknown saga ${reply.sagaId}` }
        : resultOf(outcome, notOwned ? InboundRefusals.stepNotOwned : undefined);
    const definition = outcome.kind === 'not-found' ? undefined : outcome.saga.definitionName;
    this.metrics.replyProcessed({ definition, reply, result: result.kind, processedAt: new Date() });
    return result;
  }

  /** Only one saga is locked per transaction: the other side hears through the outbox. */
  async handleCoordinatorMessage(message: CoordinatorMessage): Promise<InboundMessageResult> {
    if (message.type === 'child-finished') {
      // A node's child has one possible id (derived from the parent and the node): a result naming any other saga is not its child's.
      const { parentSagaId, step, childSagaId: claimed } = message.message;
      if (claimed !== childSagaId(parentSagaId, step)) {
        return {
          kind: 'rejected',
          reason: `saga ${claimed} is not the child of node ${step} of saga ${parentSagaId}`,
          refusal: InboundRefusals.notTheChild,
        };
      }
    }
    const { sagaId, trigger } = coordinatorTrigger(message);
    const outcome = await this.runtime.apply(sagaId, trigger, {
      inbound: message.message.messageId,
      refuse: (saga) =>
        message.type === 'compensate-child' && saga.state.parent?.sagaId !== message.message.parentSagaId
          ? `saga ${sagaId} is not a child of ${message.message.parentSagaId}`
          : undefined,
    });
    if (outcome.kind !== 'not-found') return resultOf(outcome);
    // A child that could not start was never created; its parent already has (or will get) the
    // COMPENSATED notice that said so, so a request to undo it has nothing to do.
    return message.type === 'compensate-child' ? { kind: 'duplicate' } : { kind: 'rejected', reason: `unknown saga ${sagaId}` };
  }
}

function resultOf(outcome: Exclude<ApplyOutcome, { kind: 'not-found' }>, refusal?: InboundRefusal): InboundMessageResult {
  if (outcome.kind !== 'rejected') return { kind: outcome.kind };
  return refusal === undefined ? { kind: 'rejected', reason: outcome.reason } : { kind: 'rejected', reason: outcome.reason, refusal };
}

function replyTrigger(reply: StepReplyMessage): SagaTrigger {
  return {
    type: 'StepReplyReceived',
    step: reply.step,
    kind: reply.kind,
    attempt: reply.attempt,
    outcome: reply.outcome,
    ...(reply.output === undefined ? {} : { output: reply.output }),
    ...(reply.failure === undefined ? {} : { failure: reply.failure }),
  };
}

function coordinatorTrigger(message: CoordinatorMessage): { sagaId: string; trigger: SagaTrigger } {
  if (message.type === 'compensate-child') {
    return { sagaId: message.message.childSagaId, trigger: { type: 'ParentCompensationRequested', reason: message.message.reason } };
  }
  const notice = message.message;
  return {
    sagaId: notice.parentSagaId,
    trigger: {
      type: 'ChildSagaFinished',
      step: notice.step,
      status: notice.status,
      ...(notice.output === undefined ? {} : { output: notice.output }),
      ...(notice.failure === undefined ? {} : { failure: notice.failure }),
    },
  };
}
