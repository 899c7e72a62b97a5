import { readFileSync, writeFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ChildSagaFinishedMessage,
  CompensateChildSagaMessage,
  MessageHeaders,
  MessageTypes,
  ParticipantAnnouncementMessage,
  SagaStatusChanged,
  StepCommandMessage,
  StepReplyMessage,
  Topology,
} from '@saga-coordinator/contracts';
import { OrderCommands, OrderParticipants } from '../../../examples/order/src/order-participants.js';
import { formatCents, orderTotalCents } from '../../../examples/order/src/payment/payment-rules.util.js';
import { buildAsyncApiDocument } from './asyncapi-document.util.js';
import { AsyncApiDocumentPath, RegenerateCommand, renderAsyncApiYaml } from './asyncapi-yaml.util.js';

const generated = renderAsyncApiYaml(buildAsyncApiDocument());
if (process.env['UPDATE_ASYNCAPI'] === '1') writeFileSync(AsyncApiDocumentPath, generated);
const committed = readFileSync(AsyncApiDocumentPath, 'utf8');

type Json = Record<string, any>;
const document = parseYaml(committed) as Json;

describe('docs/asyncapi.yaml', () => {
  it('is exactly what packages/contracts generate today', () => {
    expect(committed, `docs/asyncapi.yaml is stale: run ${RegenerateCommand}`).toBe(generated);
  });

  it('is a valid AsyncAPI 3.0 document with no error diagnostics', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(committed);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- the diagnostics are typed with another copy of @stoplight/types (13.6 under spectral-core); same enum values
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
  });

  it('documents one message per AMQP type of the contracts', () => {
    const types = Object.values(document['components']['messages'] as Json)
      .map((message: Json) => message['bindings']?.['amqp']?.['messageType'])
      .filter((type): type is string => type !== undefined);
    expect(types.sort()).toEqual(Object.values(MessageTypes).sort());
  });

  it('documents every header of the contracts', () => {
    const headers = Object.keys(document['components']['schemas']['SagaHeaders']['properties'] as Json);
    expect(headers.sort()).toEqual(Object.values(MessageHeaders).sort());
  });

  it('names the exchanges and queues of the topology', () => {
    const bindings = Object.values(document['channels'] as Json).map((channel: Json) => channel['bindings']['amqp']);
    const exchanges = new Set(bindings.map((b: Json) => b['exchange']?.['name']).filter(Boolean));
    const queues = new Set(bindings.map((b: Json) => b['queue']?.['name']).filter(Boolean));
    expect([...exchanges].sort()).toEqual(
      [Topology.commandsExchange, Topology.repliesExchange, Topology.coordinatorExchange, Topology.eventsExchange].sort(),
    );
    expect(queues).toEqual(new Set(['saga.participant.{participant}', Topology.repliesQueue, Topology.deadLetterQueue]));
  });

  it('publishes every message persistently, and with mandatory routing except the lifecycle events broadcast', () => {
    const sends = Object.entries(document['operations'] as Json).filter(([, operation]: [string, Json]) => operation['action'] === 'send');
    expect(sends.length).toBeGreaterThan(0);
    for (const [name, operation] of sends as Array<[string, Json]>) {
      expect(operation['bindings']['amqp'], name).toMatchObject({ deliveryMode: 2, mandatory: name !== 'sendSagaStatusChanged' });
    }
  });

  it('gives every payload field a description', () => {
    for (const id of [
      'StepCommand',
      'StepReply',
      'ReplyFailure',
      'ParticipantAnnouncement',
      'ChildSagaFinished',
      'CompensateChildSaga',
      'SagaStatusChanged',
    ]) {
      const properties = document['components']['schemas'][id]['properties'] as Json;
      for (const [field, schema] of Object.entries(properties)) {
        expect(schema['description'], `${id}.${field}`).toEqual(expect.any(String));
      }
    }
  });

  it('shows examples that the contract schemas accept', () => {
    const schemaOf: Record<string, { parse(value: unknown): unknown }> = {
      ExecuteStep: StepCommandMessage,
      CompensateStep: StepCommandMessage,
      StepReplied: StepReplyMessage,
      ParticipantAnnounced: ParticipantAnnouncementMessage,
      ChildSagaFinished: ChildSagaFinishedMessage,
      CompensateChildSaga: CompensateChildSagaMessage,
      SagaStatusChanged,
    };
    for (const [name, schema] of Object.entries(schemaOf)) {
      const examples = document['components']['messages'][name]['examples'] as Json[];
      expect(examples.length, name).toBeGreaterThan(0);
      for (const example of examples) expect(() => schema.parse(example['payload']), `${name}/${example['name']}`).not.toThrow();
    }
  });

  it('correlates every saga message by a field its payload has', () => {
    const messages = document['components']['messages'] as Json;
    const schemas = document['components']['schemas'] as Json;
    const correlated = Object.entries(messages).filter(([, message]: [string, Json]) => message['correlationId'] !== undefined);
    expect(correlated.map(([name]) => name).sort()).toEqual([
      'ChildSagaFinished',
      'CompensateChildSaga',
      'CompensateStep',
      'ExecuteStep',
      'SagaStatusChanged',
      'StepReplied',
    ]);
    const schemaIdOf: Record<string, string> = { StepReplied: 'StepReply', ExecuteStep: 'StepCommand', CompensateStep: 'StepCommand' };
    for (const [name, message] of correlated as Array<[string, Json]>) {
      const field = String(message['correlationId']['location']).replace('$message.payload#/', '');
      const schemaId = schemaIdOf[name] ?? name;
      expect(Object.keys(schemas[schemaId]['properties'] as Json), name).toContain(field);
    }
  });

  it("shows the shipped example participants: the order saga's commands and the payment participant's real output", () => {
    const order = JSON.parse(readFileSync(new URL('../../../examples/order/order.definition.json', import.meta.url), 'utf8')) as Json;
    const step = (order['steps'] as Json[]).find((s) => s['participant'] === OrderParticipants.payment)!;
    const messages = document['components']['messages'] as Json;
    const payloads = (name: string) => (messages[name]['examples'] as Json[]).map((example) => example['payload'] as Json);
    expect(payloads('ExecuteStep').map((p) => [p['step'], p['participant'], p['command']])).toEqual([
      [step['name'], OrderParticipants.payment, OrderCommands.chargePayment],
    ]);
    expect(payloads('CompensateStep').map((p) => p['command'])).toEqual([OrderCommands.refundPayment]);
    expect([step['command'], step['compensation']]).toEqual([OrderCommands.chargePayment, OrderCommands.refundPayment]);
    const [execute] = payloads('ExecuteStep');
    const charged = payloads('StepReplied').find((p) => p['outcome'] === 'succeeded')!;
    // The payment participant answers { chargeId: orderId, amount: Σ quantity × unitPrice as a decimal string }.
    expect(charged['output']).toEqual({
      chargeId: execute!['payload']['input']['orderId'],
      amount: formatCents(orderTotalCents(execute!['payload']['input']['items'])),
    });
    expect(payloads('CompensateStep')[0]!['payload']['output']).toEqual(charged['output']);
    expect(payloads('ParticipantAnnounced').map((p) => [p['commands'], p['compensations']])).toEqual([
      [[OrderCommands.chargePayment], [OrderCommands.refundPayment]],
    ]);
  });

  it('names no virtual host: the vhost is the path of the AMQP URL', () => {
    expect(committed).not.toMatch(/^\s*vhost:/m);
  });

  it('fills every placeholder of the protocol guide', () => {
    expect(document['info']['description']).not.toMatch(/\{\{/);
    expect(document['info']['description']).toContain('already-compensated');
  });
});
