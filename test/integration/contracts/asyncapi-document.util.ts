import { readFileSync } from 'node:fs';
import { CommandKinds, MessageHeaders, MessageTypes, participantBindingPattern, participantQueue, Topology } from '@saga-coordinator/contracts';
import { MaxInboundMessageBytes } from '../../../src/messaging/inbound/parse-inbound-message.js';
import { DeadLetterReasons } from '@saga-coordinator/participant';
import {
  ChildSagaFinishedExamples,
  CompensateChildSagaExamples,
  CompensateStepExamples,
  ExecuteStepExamples,
  ParticipantAnnouncedExamples,
  SagaStatusChangedExamples,
  StepRepliedExamples,
  type MessageExample,
} from './asyncapi-examples.util.js';
import {
  buildHeadersSchema,
  buildPayloadSchemas,
  schemaRef,
  stepCommandOfKind,
  WireSchemaIds,
  type JsonSchema,
} from './asyncapi-payload-schemas.util.js';

/** Version of the wire protocol (not of the coordinator): bump on any change a participant must follow. */
export const WireProtocolVersion = '1.0.0';

const amqpBindingVersion = '0.3.0';

/** The AsyncAPI 3.0 document of the wire protocol, built from packages/contracts. */
export function buildAsyncApiDocument(): JsonSchema {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Saga coordinator wire protocol',
      version: WireProtocolVersion,
      description: renderProtocolGuide(),
      license: { name: 'MIT' },
      tags: [
        { name: 'coordinator', description: 'What the saga coordinator does.' },
        { name: 'participant', description: 'What every participant service must do.' },
        { name: 'operator', description: 'What operators and tooling watch.' },
      ],
    },
    defaultContentType: 'application/json',
    servers: {
      rabbitmq: {
        host: 'localhost:5672',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description:
          'The RabbitMQ broker shared by the coordinator and all participants (`RABBITMQ_URL`). Everything lives in one virtual host of ' +
          'your choice, the path of the AMQP URL (`amqp://user:pass@host:5672/<vhost>`); the bindings below name none.',
        security: [{ $ref: '#/components/securitySchemes/brokerUser' }],
      },
    },
    channels: buildChannels(),
    operations: buildOperations(),
    components: {
      schemas: { ...buildPayloadSchemas(), [WireSchemaIds.sagaHeaders]: buildHeadersSchema() },
      messages: buildMessages(),
      parameters: {
        participant: { description: 'Participant name, e.g. `inventory`, `payment`, `shipping`.', examples: ['payment'] },
        command: { description: 'Command or compensation command name the participant registered.', examples: ['charge-payment', 'refund-payment'] },
      },
      securitySchemes: {
        brokerUser: { type: 'userPassword', description: 'RabbitMQ user and password (`guest`/`guest` locally).' },
      },
    },
  };
}

/** The markdown guide with its `{{group.name}}` placeholders filled from packages/contracts. */
export function renderProtocolGuide(): string {
  const template = readFileSync(new URL('./asyncapi-protocol-guide.md', import.meta.url), 'utf8');
  const values: Record<string, Readonly<Record<string, string | number>>> = {
    topology: Topology,
    type: MessageTypes,
    header: MessageHeaders,
    limit: { maxInboundMessageBytes: MaxInboundMessageBytes },
    list: {
      sdkDeadLetterReasons: Object.values(DeadLetterReasons)
        .map((code) => `\`${code}\``)
        .join(', '),
    },
  };
  return template.replace(/\{\{(\w+)\.(\w+)\}\}/g, (placeholder, group: string, name: string) => {
    const value = values[group]?.[name];
    if (value === undefined) throw new Error(`Unknown placeholder ${placeholder} in asyncapi-protocol-guide.md`);
    return String(value);
  });
}

function exchangeChannel(exchange: string, type: 'topic' | 'direct' | 'fanout'): JsonSchema {
  return { is: 'routingKey', exchange: { name: exchange, type, durable: true, autoDelete: false }, bindingVersion: amqpBindingVersion };
}

function queueChannel(queue: string): JsonSchema {
  return { is: 'queue', queue: { name: queue, durable: true, exclusive: false, autoDelete: false }, bindingVersion: amqpBindingVersion };
}

function messageRef(name: string): { $ref: string } {
  return { $ref: `#/components/messages/${name}` };
}

function channelMessageRef(channel: string, message: string): { $ref: string } {
  return { $ref: `#/channels/${channel}/messages/${message}` };
}

function buildChannels(): JsonSchema {
  const participantParameter = { participant: { $ref: '#/components/parameters/participant' } };
  return {
    stepCommands: {
      address: '{participant}.{command}',
      title: `Step commands on ${Topology.commandsExchange}`,
      description: `Routing keys \`<participant>.<command>\` on the topic exchange \`${Topology.commandsExchange}\`.`,
      parameters: { ...participantParameter, command: { $ref: '#/components/parameters/command' } },
      messages: { executeStep: messageRef('ExecuteStep'), compensateStep: messageRef('CompensateStep') },
      bindings: { amqp: exchangeChannel(Topology.commandsExchange, 'topic') },
    },
    participantQueue: {
      address: participantQueue('{participant}'),
      title: "A participant's command queue",
      description:
        `Quorum queue (\`x-queue-type: quorum\`, \`x-delivery-limit: ${Topology.deliveryLimit}\`, ` +
        `\`x-dead-letter-exchange: ${Topology.deadLetterExchange}\`) bound to \`${Topology.commandsExchange}\` ` +
        `with \`${participantBindingPattern('<participant>')}\`. The participant declares and consumes it.`,
      parameters: participantParameter,
      messages: { executeStep: messageRef('ExecuteStep'), compensateStep: messageRef('CompensateStep') },
      bindings: { amqp: queueChannel(participantQueue('{participant}')) },
    },
    stepReplies: {
      address: Topology.replyRoutingKey,
      title: `Step replies on ${Topology.repliesExchange}`,
      description: `Routing key \`${Topology.replyRoutingKey}\` on the direct exchange \`${Topology.repliesExchange}\`.`,
      messages: { stepReplied: messageRef('StepReplied') },
      bindings: { amqp: exchangeChannel(Topology.repliesExchange, 'direct') },
    },
    participantAnnouncements: {
      address: Topology.announceRoutingKey,
      title: `Participant announcements on ${Topology.repliesExchange}`,
      description: `Routing key \`${Topology.announceRoutingKey}\` on the direct exchange \`${Topology.repliesExchange}\`.`,
      messages: { participantAnnounced: messageRef('ParticipantAnnounced') },
      bindings: { amqp: exchangeChannel(Topology.repliesExchange, 'direct') },
    },
    childSagaMessages: {
      address: '{routingKey}',
      title: `Parent ↔ child saga messages on ${Topology.coordinatorExchange}`,
      description:
        `Routing keys \`${Topology.childFinishedRoutingKey}\` and \`${Topology.compensateChildRoutingKey}\` on the direct exchange ` +
        `\`${Topology.coordinatorExchange}\`, which only the coordinator publishes to (participants have no write permission on it). ` +
        'A saga that starts another definition as a child and the child tell each other through the outbox and this exchange, ' +
        'never locking both sagas in one transaction. Participants neither send nor receive these messages.',
      parameters: {
        routingKey: { enum: [Topology.childFinishedRoutingKey, Topology.compensateChildRoutingKey], description: 'Which of the two messages.' },
      },
      messages: { childSagaFinished: messageRef('ChildSagaFinished'), compensateChildSaga: messageRef('CompensateChildSaga') },
      bindings: { amqp: exchangeChannel(Topology.coordinatorExchange, 'direct') },
    },
    lifecycleEvents: {
      address: '{definition}.{event}',
      title: `Saga lifecycle events on ${Topology.eventsExchange}`,
      description:
        `Routing keys \`<definition>.<event>\` on the topic exchange \`${Topology.eventsExchange}\`, which only the coordinator ` +
        'publishes to: one `SagaStatusChanged` per saga status change, written to the outbox in the transaction that changed the ' +
        'status (at least once, in commit order per saga; dedupe by `eventId`). Any service binds its own queue: ' +
        '`order.compensated` gets exactly the compensated order sagas, `#.compensated` those of every definition, `order.#` every ' +
        'event of the order saga. Published without `mandatory`: with no queue bound, nobody wanted it.',
      parameters: {
        definition: { description: 'Saga definition name (kebab-case, no dots), e.g. `order`.', examples: ['order'] },
        event: {
          enum: ['started', 'completed', 'compensating', 'cancelled', 'compensated', 'compensation-failed'],
          description: 'What happened (the `event` field of the body).',
        },
      },
      messages: { sagaStatusChanged: messageRef('SagaStatusChanged') },
      bindings: { amqp: exchangeChannel(Topology.eventsExchange, 'topic') },
    },
    coordinatorInbox: {
      address: Topology.repliesQueue,
      title: "The coordinator's inbound queue",
      description:
        `Quorum queue with the same arguments as a participant queue, bound to \`${Topology.repliesExchange}\` ` +
        `with \`${Topology.replyRoutingKey}\` and \`${Topology.announceRoutingKey}\`, and to \`${Topology.coordinatorExchange}\` ` +
        `with \`${Topology.childFinishedRoutingKey}\` and \`${Topology.compensateChildRoutingKey}\`. The coordinator declares it.`,
      messages: {
        stepReplied: messageRef('StepReplied'),
        participantAnnounced: messageRef('ParticipantAnnounced'),
        childSagaFinished: messageRef('ChildSagaFinished'),
        compensateChildSaga: messageRef('CompensateChildSaga'),
      },
      bindings: { amqp: queueChannel(Topology.repliesQueue) },
    },
    deadLetters: {
      address: Topology.deadLetterQueue,
      title: 'Dead letters',
      description:
        `Quorum queue bound to the fanout exchange \`${Topology.deadLetterExchange}\`: every message a consumer ` +
        "refused, or that reached its queue's delivery limit, with the reason in its headers.",
      messages: { deadLettered: messageRef('DeadLettered') },
      bindings: { amqp: queueChannel(Topology.deadLetterQueue) },
    },
  };
}

const publish = { amqp: { deliveryMode: 2, mandatory: true, bindingVersion: amqpBindingVersion } };
/** Lifecycle events: persistent, but not mandatory (no queue bound is not an error). */
const broadcast = { amqp: { deliveryMode: 2, mandatory: false, bindingVersion: amqpBindingVersion } };
const consume = { amqp: { ack: true, bindingVersion: amqpBindingVersion } };
const tag = (name: string) => [{ name }];

function buildOperations(): JsonSchema {
  return {
    sendExecuteStep: {
      action: 'send',
      channel: { $ref: '#/channels/stepCommands' },
      summary: 'The coordinator asks a participant to run a step.',
      tags: tag('coordinator'),
      messages: [channelMessageRef('stepCommands', 'executeStep')],
      bindings: publish,
    },
    sendCompensateStep: {
      action: 'send',
      channel: { $ref: '#/channels/stepCommands' },
      summary: 'The coordinator asks a participant to undo a step.',
      tags: tag('coordinator'),
      messages: [channelMessageRef('stepCommands', 'compensateStep')],
      bindings: publish,
    },
    receiveCoordinatorInbox: {
      action: 'receive',
      channel: { $ref: '#/channels/coordinatorInbox' },
      summary:
        'The coordinator consumes replies, announcements and its own parent ↔ child saga messages; it acks only after its transaction commits.',
      tags: tag('coordinator'),
      messages: [
        channelMessageRef('coordinatorInbox', 'stepReplied'),
        channelMessageRef('coordinatorInbox', 'participantAnnounced'),
        channelMessageRef('coordinatorInbox', 'childSagaFinished'),
        channelMessageRef('coordinatorInbox', 'compensateChildSaga'),
      ],
      bindings: consume,
    },
    sendChildSagaFinished: {
      action: 'send',
      channel: { $ref: '#/channels/childSagaMessages' },
      summary: 'A child saga tells its parent it COMPLETED or is COMPENSATED (through the outbox).',
      tags: tag('coordinator'),
      messages: [channelMessageRef('childSagaMessages', 'childSagaFinished')],
      bindings: publish,
    },
    sendCompensateChildSaga: {
      action: 'send',
      channel: { $ref: '#/channels/childSagaMessages' },
      summary: 'A parent saga asks its child saga to undo itself: cancel while it runs, compensate once it completed (through the outbox).',
      tags: tag('coordinator'),
      messages: [channelMessageRef('childSagaMessages', 'compensateChildSaga')],
      bindings: publish,
    },
    sendSagaStatusChanged: {
      action: 'send',
      channel: { $ref: '#/channels/lifecycleEvents' },
      summary: "The coordinator announces a saga's status change (through the outbox) to whoever bound a queue.",
      tags: tag('coordinator'),
      messages: [channelMessageRef('lifecycleEvents', 'sagaStatusChanged')],
      bindings: broadcast,
    },
    handleStepCommand: {
      action: 'receive',
      channel: { $ref: '#/channels/participantQueue' },
      summary: 'A participant runs (or undoes) a step behind its fence, publishes the reply, waits for the confirm, then acks.',
      tags: tag('participant'),
      messages: [channelMessageRef('participantQueue', 'executeStep'), channelMessageRef('participantQueue', 'compensateStep')],
      bindings: consume,
      reply: { channel: { $ref: '#/channels/stepReplies' }, messages: [channelMessageRef('stepReplies', 'stepReplied')] },
    },
    sendStepReplied: {
      action: 'send',
      channel: { $ref: '#/channels/stepReplies' },
      summary: 'A participant reports the outcome of a command.',
      tags: tag('participant'),
      messages: [channelMessageRef('stepReplies', 'stepReplied')],
      bindings: publish,
    },
    sendParticipantAnnounced: {
      action: 'send',
      channel: { $ref: '#/channels/participantAnnouncements' },
      summary: 'A participant announces the commands it handles, on start-up and then periodically.',
      tags: tag('participant'),
      messages: [channelMessageRef('participantAnnouncements', 'participantAnnounced')],
      bindings: publish,
    },
    receiveDeadLetters: {
      action: 'receive',
      channel: { $ref: '#/channels/deadLetters' },
      summary: 'Operators and tooling inspect refused and poison messages.',
      tags: tag('operator'),
      messages: [channelMessageRef('deadLetters', 'deadLettered')],
      bindings: consume,
    },
  };
}

function examples<T>(list: ReadonlyArray<MessageExample<T>>): JsonSchema[] {
  return list.map((example) => ({ ...example }));
}

/** What a saga message's AMQP `correlationId` carries: the saga id on commands, the command id on replies. */
interface Correlation {
  readonly field: 'sagaId' | 'inReplyTo' | 'parentSagaId' | 'childSagaId';
  readonly meaning: string;
}
const bySaga: Correlation = { field: 'sagaId', meaning: 'the saga id' };
const byCommand: Correlation = { field: 'inReplyTo', meaning: 'the id of the command it answers' };
const byParent: Correlation = { field: 'parentSagaId', meaning: 'the parent saga id' };
const byChild: Correlation = { field: 'childSagaId', meaning: 'the child saga id' };

function sagaMessage(
  type: string,
  text: { title: string; summary: string },
  correlation: Correlation,
  payload: JsonSchema,
  list: ReadonlyArray<MessageExample<unknown>>,
): JsonSchema {
  return {
    name: type.replace(/^saga\./, ''),
    ...text,
    description:
      `AMQP properties: \`type\` \`${type}\`, \`messageId\` = the body's \`messageId\`, ` +
      `\`correlationId\` = ${correlation.meaning} (\`${correlation.field}\`), \`contentType\` \`application/json\`, \`deliveryMode\` 2.`,
    contentType: 'application/json',
    correlationId: {
      description: `AMQP \`correlationId\`: ${correlation.meaning}.`,
      location: `$message.payload#/${correlation.field}`,
    },
    headers: schemaRef(WireSchemaIds.sagaHeaders),
    payload,
    bindings: { amqp: { messageType: type, bindingVersion: amqpBindingVersion } },
    examples: examples(list),
  };
}

function buildMessages(): JsonSchema {
  return {
    ExecuteStep: sagaMessage(
      MessageTypes.executeStep,
      { title: 'Execute a step', summary: 'Coordinator → participant: run the step; reply succeeded, failed or error.' },
      bySaga,
      stepCommandOfKind(CommandKinds.execute),
      ExecuteStepExamples,
    ),
    CompensateStep: sagaMessage(
      MessageTypes.compensateStep,
      { title: 'Compensate a step', summary: 'Coordinator → participant: undo the step (nothing to undo is fine); reply compensated or error.' },
      bySaga,
      stepCommandOfKind(CommandKinds.compensate),
      CompensateStepExamples,
    ),
    StepReplied: sagaMessage(
      MessageTypes.stepReplied,
      { title: 'Step replied', summary: 'Participant → coordinator: the outcome of one command.' },
      byCommand,
      schemaRef(WireSchemaIds.stepReply),
      StepRepliedExamples,
    ),
    ChildSagaFinished: sagaMessage(
      MessageTypes.childSagaFinished,
      { title: 'Child saga finished', summary: 'Coordinator → coordinator: a child saga COMPLETED or is COMPENSATED; its parent moves on.' },
      byParent,
      schemaRef(WireSchemaIds.childSagaFinished),
      ChildSagaFinishedExamples,
    ),
    CompensateChildSaga: sagaMessage(
      MessageTypes.compensateChildSaga,
      {
        title: 'Compensate a child saga',
        summary: 'Coordinator → coordinator: the parent asks its child saga to undo itself; it answers ChildSagaFinished (COMPENSATED).',
      },
      byChild,
      schemaRef(WireSchemaIds.compensateChildSaga),
      CompensateChildSagaExamples,
    ),
    SagaStatusChanged: {
      ...sagaMessage(
        MessageTypes.sagaStatusChanged,
        {
          title: 'Saga status changed',
          summary: 'Coordinator → any subscriber: a saga started, completed, turned back, was cancelled, compensated, or its compensation failed.',
        },
        bySaga,
        schemaRef(WireSchemaIds.sagaStatusChanged),
        SagaStatusChangedExamples,
      ),
      description:
        `AMQP properties: \`type\` \`${MessageTypes.sagaStatusChanged}\`, \`messageId\` = the body's \`eventId\`, ` +
        '`correlationId` = the saga id (`sagaId`), `contentType` `application/json`, `deliveryMode` 2. Consumers ignore fields they do not know.',
    },
    ParticipantAnnounced: {
      name: MessageTypes.participantAnnounced.replace(/^saga\./, ''),
      title: 'Participant announced',
      summary: 'Participant → coordinator: this participant is up and handles these commands.',
      description:
        `AMQP properties: \`type\` \`${MessageTypes.participantAnnounced}\`, \`messageId\` unique per announcement ` +
        '(announcements are idempotent upserts, so duplicates are harmless), `contentType` `application/json`, `deliveryMode` 2.',
      contentType: 'application/json',
      headers: schemaRef(WireSchemaIds.sagaHeaders),
      payload: schemaRef(WireSchemaIds.participantAnnouncement),
      bindings: { amqp: { messageType: MessageTypes.participantAnnounced, bindingVersion: amqpBindingVersion } },
      examples: examples(ParticipantAnnouncedExamples),
    },
    DeadLettered: {
      name: 'DeadLettered',
      title: 'Dead-lettered message',
      summary: 'Any message a consumer refused or that reached its delivery limit: original bytes and properties.',
      description:
        `The body is whatever was refused (possibly not JSON). \`${MessageHeaders.deadLetterReason}\` says why when a ` +
        "consumer refused it; RabbitMQ's `x-death` and `x-first-death-reason` (`delivery_limit`) when the queue gave up on it.",
      headers: {
        allOf: [
          schemaRef(WireSchemaIds.sagaHeaders),
          {
            type: 'object',
            properties: {
              'x-original-exchange': { type: 'string', description: 'Set by the refusing consumer: where the message was published.' },
              'x-original-routing-key': { type: 'string', description: 'Set by the refusing consumer: its original routing key.' },
              'x-dead-lettered-by': { type: 'string', description: 'Set by the refusing consumer: who refused it, e.g. `coordinator`.' },
              'x-first-death-reason': { type: 'string', description: 'Set by RabbitMQ, e.g. `delivery_limit`.' },
              'x-death': { type: 'array', description: 'Set by RabbitMQ: where and why the message died.' },
            },
          },
        ],
      },
      payload: {},
    },
  };
}
