import {
  type ChildSagaFinishedMessage,
  CommandKinds,
  commandMessageId,
  type CompensateChildSagaMessage,
  MessageHeaders,
  type ParticipantAnnouncementMessage,
  PROTOCOL_VERSION,
  replyMessageId,
  ReplyOutcomes,
  type SagaStatusChanged,
  type StepCommandMessage,
  type StepReplyMessage,
} from '@saga-coordinator/contracts';

/** An AsyncAPI Message Example object: headers and payload of one concrete message. */
export interface MessageExample<TPayload> {
  readonly name: string;
  readonly summary: string;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly payload: TPayload;
}

const sagaId = '0b6f4c1e-6a3e-4d1c-9f55-2f8a1f0c9a7d';
/** The example order saga's input and the payment participant's real output for it (examples/order). */
const input = {
  orderId: 'o-1001',
  customerId: 'c-42',
  items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 25 }],
  shippingAddress: { country: 'DE', city: 'Berlin', line1: 'Main St 1', postalCode: '10115' },
};
/** `charge-payment` answers `{ chargeId: orderId, amount }`, the amount Σ quantity × unitPrice as a decimal string. */
const chargeOutput = { chargeId: 'o-1001', amount: '50.00' };

function headers(step: string, attempt: number, participant: string): Record<string, string | number> {
  return {
    [MessageHeaders.sagaId]: sagaId,
    [MessageHeaders.step]: step,
    [MessageHeaders.attempt]: attempt,
    [MessageHeaders.participant]: participant,
    [MessageHeaders.protocolVersion]: PROTOCOL_VERSION,
  };
}

const executeCharge: StepCommandMessage = {
  messageId: commandMessageId(sagaId, 'charge-payment', CommandKinds.execute, 1),
  sagaId,
  step: 'charge-payment',
  participant: 'payment',
  command: 'charge-payment',
  kind: CommandKinds.execute,
  attempt: 1,
  payload: { input, outputs: { 'reserve-inventory': { reservationId: 'o-1001', items: [{ sku: 'SKU-1', quantity: 2 }] } } },
  deadline: '2026-11-22T10:00:30.000Z',
  sentAt: '2026-11-22T10:00:00.000Z',
};

const compensateCharge: StepCommandMessage = {
  messageId: commandMessageId(sagaId, 'charge-payment', CommandKinds.compensate, 1),
  sagaId,
  step: 'charge-payment',
  participant: 'payment',
  command: 'refund-payment',
  kind: CommandKinds.compensate,
  attempt: 1,
  payload: { input, output: chargeOutput },
  sentAt: '2026-11-22T10:00:02.000Z',
};

/** Examples shown in the document; the contract test parses each with its zod schema. */
export const ExecuteStepExamples: ReadonlyArray<MessageExample<StepCommandMessage>> = [
  { name: 'chargePayment', summary: 'Charge the order total', headers: headers('charge-payment', 1, 'payment'), payload: executeCharge },
];

export const CompensateStepExamples: ReadonlyArray<MessageExample<StepCommandMessage>> = [
  { name: 'refundPayment', summary: 'Refund a charge', headers: headers('charge-payment', 1, 'payment'), payload: compensateCharge },
];

export const StepRepliedExamples: ReadonlyArray<MessageExample<StepReplyMessage>> = [
  {
    name: 'charged',
    summary: 'The step succeeded; its output is the undo data',
    headers: headers('charge-payment', 1, 'payment'),
    payload: {
      messageId: replyMessageId(executeCharge.messageId),
      inReplyTo: executeCharge.messageId,
      sagaId,
      step: 'charge-payment',
      participant: 'payment',
      kind: CommandKinds.execute,
      attempt: 1,
      outcome: ReplyOutcomes.succeeded,
      output: chargeOutput,
      repliedAt: '2026-11-22T10:00:01.000Z',
      startedAt: '2026-11-22T10:00:00.050Z',
      commandSentAt: '2026-11-22T10:00:00.000Z',
    },
  },
  {
    name: 'declined',
    summary: 'A business failure: final, never retried',
    headers: headers('charge-payment', 1, 'payment'),
    payload: {
      messageId: replyMessageId(executeCharge.messageId),
      inReplyTo: executeCharge.messageId,
      sagaId,
      step: 'charge-payment',
      participant: 'payment',
      kind: CommandKinds.execute,
      attempt: 1,
      outcome: ReplyOutcomes.failed,
      failure: { code: 'payment-declined', message: 'order total 12000.00 exceeds the limit of 10000' },
      repliedAt: '2026-11-22T10:00:01.000Z',
    },
  },
  {
    name: 'refunded',
    summary: 'The compensation is done',
    headers: headers('charge-payment', 1, 'payment'),
    payload: {
      messageId: replyMessageId(compensateCharge.messageId),
      inReplyTo: compensateCharge.messageId,
      sagaId,
      step: 'charge-payment',
      participant: 'payment',
      kind: CommandKinds.compensate,
      attempt: 1,
      outcome: ReplyOutcomes.compensated,
      repliedAt: '2026-11-22T10:00:03.000Z',
    },
  },
];

export const ParticipantAnnouncedExamples: ReadonlyArray<MessageExample<ParticipantAnnouncementMessage>> = [
  {
    name: 'paymentUp',
    summary: 'The payment participant started',
    headers: { [MessageHeaders.participant]: 'payment', [MessageHeaders.protocolVersion]: PROTOCOL_VERSION },
    payload: {
      participant: 'payment',
      instance: 'payment-7f9c:4211',
      commands: ['charge-payment'],
      compensations: ['refund-payment'],
      announcedAt: '2026-11-22T09:59:58.000Z',
    },
  },
];

const childSagaId = '5d4f3a0e-8a5b-5c2d-9e1f-0a1b2c3d4e5f';

export const ChildSagaFinishedExamples: ReadonlyArray<MessageExample<ChildSagaFinishedMessage>> = [
  {
    name: 'childCompleted',
    summary: 'The child saga of node `pay` completed',
    headers: { [MessageHeaders.sagaId]: sagaId, [MessageHeaders.step]: 'pay' },
    payload: {
      messageId: `${childSagaId}:finished:1`,
      parentSagaId: sagaId,
      step: 'pay',
      childSagaId,
      status: 'COMPLETED',
      output: { 'charge-payment': chargeOutput },
      sentAt: '2026-11-22T10:00:05.000Z',
    },
  },
];

export const CompensateChildSagaExamples: ReadonlyArray<MessageExample<CompensateChildSagaMessage>> = [
  {
    name: 'compensateChild',
    summary: 'A later step of the parent failed: undo the completed child saga',
    headers: { [MessageHeaders.sagaId]: childSagaId, [MessageHeaders.step]: 'pay' },
    payload: {
      messageId: `${sagaId}:pay:compensate-child:1`,
      childSagaId,
      parentSagaId: sagaId,
      step: 'pay',
      reason: 'compensate',
      sentAt: '2026-11-22T10:00:09.000Z',
    },
  },
];

export const SagaStatusChangedExamples: ReadonlyArray<MessageExample<SagaStatusChanged>> = [
  {
    name: 'orderCompensated',
    summary: 'Routing key `order.compensated`: the order saga undid every step after shipping refused the destination',
    headers: { [MessageHeaders.sagaId]: sagaId, [MessageHeaders.protocolVersion]: PROTOCOL_VERSION },
    payload: {
      eventId: `${sagaId}:status:14`,
      sagaId,
      definition: 'order',
      definitionVersion: 1,
      event: 'compensated',
      status: 'COMPENSATED',
      previousStatus: 'COMPENSATING',
      occurredAt: '2026-11-22T10:00:07.000Z',
      parentSagaId: null,
      failure: { code: 'destination-not-served', message: 'We do not ship to AQ' },
    },
  },
  {
    name: 'orderStarted',
    summary: 'Routing key `order.started`: a client started an order saga',
    headers: { [MessageHeaders.sagaId]: sagaId, [MessageHeaders.protocolVersion]: PROTOCOL_VERSION },
    payload: {
      eventId: `${sagaId}:started`,
      sagaId,
      definition: 'order',
      definitionVersion: 1,
      event: 'started',
      status: 'RUNNING',
      previousStatus: null,
      occurredAt: '2026-11-22T10:00:00.000Z',
      parentSagaId: null,
    },
  },
];
