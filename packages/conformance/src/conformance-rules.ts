import { randomUUID } from 'node:crypto';
import {
  CommandKinds,
  type CommandKind,
  commandMessageId,
  MessageHeaders,
  MessageTypes,
  PROTOCOL_VERSION,
  replyMessageId,
  ReplyOutcomes,
  type StepCommandMessage,
  StepReplyMessage,
} from '@saga-coordinator/contracts';
import { inputFor, type ResolvedConformanceOptions } from './conformance-options.js';
import { type CoordinatorDouble, newTraceparent, outgoingOf, type ReceivedMessage, stepCommand } from './coordinator-double.js';

/** The step name the kit's commands carry. */
export const ConformanceStep = 'conformance-step';

/** A rule failed: the message says what was expected and what came. */
export class RuleViolation extends Error {}

/** What a rule found: `skip` only when an optional part (the probe) is missing. */
export interface RuleVerdict {
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}

/** One rule of the protocol the kit checks. */
export interface ConformanceRule {
  readonly id: string;
  readonly title: string;
  run(kit: RuleKit): Promise<RuleVerdict>;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new RuleViolation(message);
}

function pass(detail: string): RuleVerdict {
  return { status: 'pass', detail };
}

/** What rules drive the participant with. */
export class RuleKit {
  constructor(
    readonly double: CoordinatorDouble,
    readonly options: ResolvedConformanceOptions,
  ) {}

  newSaga(): string {
    return randomUUID();
  }

  /** Builds and sends `kind` for (saga, conformance step); returns the command sent. */
  async send(
    kind: CommandKind,
    sagaId: string,
    attempt: number,
    extra: { output?: unknown; traceparent?: string; command?: string; input?: unknown } = {},
  ): Promise<StepCommandMessage> {
    const input = inputFor(extra.input ?? this.options.input, sagaId);
    const payload = kind === CommandKinds.execute ? { input, outputs: this.options.outputs } : { input, output: extra.output ?? null };
    const { body, outgoing } = stepCommand({
      sagaId,
      step: ConformanceStep,
      participant: this.options.participant,
      command: extra.command ?? (kind === CommandKinds.execute ? this.options.command : this.options.compensation),
      kind,
      attempt,
      payload,
      ...(extra.traceparent !== undefined ? { traceparent: extra.traceparent } : {}),
    });
    await this.double.send(outgoing);
    return body;
  }

  /** Sends the very same command again: what a redelivery or a re-publish looks like to the participant. */
  async resend(command: StepCommandMessage): Promise<void> {
    await this.double.send(outgoingOf(command));
  }

  /** Waits for the first reply to `command`; fails the rule when none comes or it breaks the schema. */
  async reply(command: StepCommandMessage): Promise<{ message: ReceivedMessage; body: StepReplyMessage }> {
    const [message] = await this.double.waitForReplies(command.messageId, 1, this.options.timeoutMs);
    check(message !== undefined, `no reply to ${command.kind} ${command.messageId} within ${this.options.timeoutMs} ms`);
    const parsed = StepReplyMessage.safeParse(message.body);
    check(
      parsed.success,
      `the reply to ${command.messageId} is not a valid StepReply: ${parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    return { message, body: parsed.data };
  }

  /** Waits `quietMs` and fails the rule when `command` got more than `count` replies. */
  async noMoreReplies(command: StepCommandMessage, count: number): Promise<void> {
    await this.double.quiet(this.options.quietMs);
    const replies = this.double.repliesTo(command.messageId).length;
    check(replies <= count, `${command.messageId} got ${replies} replies, expected ${count}`);
  }

  /** The probe's count of committed effects for (saga, conformance step), or undefined without a probe. */
  async probe(sagaId: string): Promise<{ executions: number; compensations: number } | undefined> {
    const probeCommand = this.options.probeCommand;
    if (probeCommand === undefined) return undefined;
    const { body, outgoing } = stepCommand({
      sagaId: this.newSaga(),
      step: 'conformance-probe',
      participant: this.options.participant,
      command: probeCommand,
      kind: CommandKinds.execute,
      attempt: 1,
      payload: { input: { sagaId, step: ConformanceStep }, outputs: {} },
    });
    await this.double.send(outgoing);
    const { body: reply } = await this.reply(body);
    const output = reply.output as { executions?: unknown; compensations?: unknown } | null | undefined;
    check(
      reply.outcome === ReplyOutcomes.succeeded && typeof output?.executions === 'number' && typeof output.compensations === 'number',
      `the probe ${probeCommand} must answer succeeded with { executions, compensations }, got ${describe(reply)}`,
    );
    return { executions: output.executions, compensations: output.compensations };
  }
}

function describe(reply: StepReplyMessage): string {
  const failure = reply.failure !== undefined ? ` (${reply.failure.code}: ${reply.failure.message})` : '';
  return `${reply.outcome}${failure}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Runs an execute that must succeed and returns its reply. */
async function executed(kit: RuleKit, sagaId: string, traceparent?: string) {
  const command = await kit.send(CommandKinds.execute, sagaId, 1, traceparent !== undefined ? { traceparent } : {});
  const reply = await kit.reply(command);
  check(reply.body.outcome === ReplyOutcomes.succeeded, `execute ${command.command} must succeed for the given --input, got ${describe(reply.body)}`);
  return { command, reply };
}

/** The ids and echo fields every reply must carry for `command`. */
function envelopeProblems(command: StepCommandMessage, message: ReceivedMessage, body: StepReplyMessage): string[] {
  const problems: string[] = [];
  const expectedId = replyMessageId(command.messageId);
  const { properties } = message;
  if (body.messageId !== expectedId) problems.push(`body messageId ${body.messageId}, expected ${expectedId}`);
  if (properties.messageId !== body.messageId)
    problems.push(`AMQP messageId ${String(properties.messageId)} differs from the body's ${body.messageId}`);
  if (properties.correlationId !== command.messageId)
    problems.push(`AMQP correlationId ${String(properties.correlationId)}, expected the command id ${command.messageId}`);
  if (properties.contentType !== 'application/json') problems.push(`contentType ${String(properties.contentType)}, expected application/json`);
  if (properties.type !== MessageTypes.stepReplied) problems.push(`AMQP type ${String(properties.type)}, expected ${MessageTypes.stepReplied}`);
  if (properties.deliveryMode !== 2) problems.push(`deliveryMode ${String(properties.deliveryMode)}, expected 2 (persistent)`);
  // The broker checks a user-id against the connection's user; without one the coordinator cannot tell who replied and refuses it.
  if (typeof properties.userId !== 'string' || properties.userId === '') {
    problems.push('no AMQP userId, expected the broker user of the connection (the coordinator refuses replies without it)');
  }
  for (const field of ['sagaId', 'step', 'participant', 'kind', 'attempt'] as const) {
    if (body[field] !== command[field]) problems.push(`body ${field} ${String(body[field])}, expected ${String(command[field])}`);
  }
  if (body.inReplyTo !== command.messageId) problems.push(`body inReplyTo ${body.inReplyTo}, expected ${command.messageId}`);
  return problems;
}

/** A refused message: no reply, and it shows up in saga.dead-letter. */
async function refused(kit: RuleKit, messageId: string, what: string): Promise<RuleVerdict> {
  const [letter] = await kit.double.waitForDeadLetter(messageId, kit.options.timeoutMs);
  await kit.double.quiet(kit.options.quietMs);
  const replies = kit.double.repliesTo(messageId);
  check(replies.length === 0, `${what} was answered (${replies.length} replies); it must be dead-lettered without a reply`);
  check(letter !== undefined, `${what} did not reach saga.dead-letter within ${kit.options.timeoutMs} ms`);
  const reason: unknown = letter.properties.headers?.[MessageHeaders.deadLetterReason] ?? letter.properties.headers?.['x-first-death-reason'];
  return pass(`dead-lettered without a reply${reason !== undefined ? ` (${typeof reason === 'string' ? reason : JSON.stringify(reason)})` : ''}`);
}

export const ConformanceRules: readonly ConformanceRule[] = [
  {
    id: 'execute-succeeds',
    title: 'An execute gets exactly one schema-valid reply',
    async run(kit) {
      const { command, reply } = await executed(kit, kit.newSaga());
      await kit.noMoreReplies(command, 1);
      return pass(`succeeded, output ${JSON.stringify(reply.body.output)}`);
    },
  },
  {
    id: 'reply-properties',
    title: 'Reply ids and AMQP properties: messageId, correlationId, contentType, type, persistent, userId, echoed fields',
    async run(kit) {
      const { command, reply } = await executed(kit, kit.newSaga());
      const problems = envelopeProblems(command, reply.message, reply.body);
      check(problems.length === 0, problems.join('; '));
      return pass(`messageId ${reply.body.messageId}`);
    },
  },
  {
    id: 'reply-headers',
    title: 'Reply headers: x-saga-id/step/attempt/participant, protocol version, traceparent carried on',
    async run(kit) {
      const traceparent = newTraceparent();
      const { command, reply } = await executed(kit, kit.newSaga(), traceparent);
      const headers = reply.message.properties.headers ?? {};
      const problems: string[] = [];
      const expected: Record<string, unknown> = {
        [MessageHeaders.sagaId]: command.sagaId,
        [MessageHeaders.step]: command.step,
        [MessageHeaders.attempt]: command.attempt,
        [MessageHeaders.participant]: command.participant,
        [MessageHeaders.protocolVersion]: PROTOCOL_VERSION,
      };
      for (const [name, value] of Object.entries(expected)) {
        if (String(headers[name]) !== String(value)) problems.push(`header ${name} ${String(headers[name])}, expected ${String(value)}`);
      }
      const carried: unknown = headers[MessageHeaders.traceparent];
      if (typeof carried !== 'string' || carried.split('-')[1] !== traceparent.split('-')[1]) {
        problems.push(`traceparent ${String(carried)} does not continue the command's trace ${traceparent}`);
      }
      check(problems.length === 0, problems.join('; '));
      return pass(`protocol version ${String(headers[MessageHeaders.protocolVersion])}`);
    },
  },
  {
    id: 'redelivered-command',
    title: 'A redelivered command gets the same reply again and has one effect',
    async run(kit) {
      const sagaId = kit.newSaga();
      const { command, reply } = await executed(kit, sagaId);
      await kit.resend(command);
      const replies = await kit.double.waitForReplies(command.messageId, 2, kit.options.timeoutMs);
      check(replies.length >= 2, `the redelivered ${command.messageId} got no reply within ${kit.options.timeoutMs} ms`);
      const second = StepReplyMessage.safeParse(replies[1]?.body);
      check(second.success, 'the second reply is not a valid StepReply');
      check(
        second.data.outcome === reply.body.outcome,
        `the redelivery answered ${describe(second.data)}, the first delivery ${describe(reply.body)}`,
      );
      check(
        sameJson(second.data.output, reply.body.output),
        `the redelivery answered output ${JSON.stringify(second.data.output)}, the first ${JSON.stringify(reply.body.output)}: the handler ran again`,
      );
      check(second.data.messageId === reply.body.messageId, "the redelivery's reply has another messageId");
      await kit.noMoreReplies(command, 2);
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) check(effects.executions === 1, `the probe counts ${effects.executions} executions of one step, expected 1`);
      return pass(`same outcome and output${effects !== undefined ? ', probe: 1 execution' : ''}`);
    },
  },
  {
    id: 'retried-attempt',
    title: 'A new attempt of a step that already succeeded gets the stored outcome with its own ids (the fence keys on saga and step)',
    async run(kit) {
      const sagaId = kit.newSaga();
      const { reply } = await executed(kit, sagaId);
      const retry = await kit.send(CommandKinds.execute, sagaId, 2);
      const second = await kit.reply(retry);
      const problems = envelopeProblems(retry, second.message, second.body);
      check(problems.length === 0, `the reply to attempt 2: ${problems.join('; ')}`);
      check(second.body.outcome === reply.body.outcome, `attempt 2 answered ${describe(second.body)}, attempt 1 ${describe(reply.body)}`);
      check(
        sameJson(second.body.output, reply.body.output),
        `attempt 2 answered output ${JSON.stringify(second.body.output)}, attempt 1 ${JSON.stringify(reply.body.output)}: the handler ran again`,
      );
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) check(effects.executions === 1, `the probe counts ${effects.executions} executions, expected 1`);
      return pass('attempt 2 answered from the fence');
    },
  },
  {
    id: 'compensation',
    title: 'A compensation of an executed step is answered compensated',
    async run(kit) {
      const sagaId = kit.newSaga();
      const { reply } = await executed(kit, sagaId);
      const compensate = await kit.send(CommandKinds.compensate, sagaId, 1, { output: reply.body.output });
      const answer = await kit.reply(compensate);
      const problems = envelopeProblems(compensate, answer.message, answer.body);
      check(problems.length === 0, problems.join('; '));
      check(answer.body.outcome === ReplyOutcomes.compensated, `compensate answered ${describe(answer.body)}, expected compensated`);
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) check(effects.compensations === 1, `the probe counts ${effects.compensations} compensations, expected 1`);
      return pass('compensated');
    },
  },
  {
    id: 'duplicate-compensation',
    title: 'A duplicate compensation (redelivered, or a new attempt) is answered compensated again and undoes once',
    async run(kit) {
      const sagaId = kit.newSaga();
      const { reply } = await executed(kit, sagaId);
      const compensate = await kit.send(CommandKinds.compensate, sagaId, 1, { output: reply.body.output });
      await kit.reply(compensate);
      await kit.resend(compensate);
      const replies = await kit.double.waitForReplies(compensate.messageId, 2, kit.options.timeoutMs);
      check(replies.length >= 2, `the redelivered compensation ${compensate.messageId} got no reply`);
      const again = StepReplyMessage.safeParse(replies[1]?.body);
      check(again.success && again.data.outcome === ReplyOutcomes.compensated, 'the redelivered compensation was not answered compensated');
      const retry = await kit.send(CommandKinds.compensate, sagaId, 2, { output: reply.body.output });
      const retried = await kit.reply(retry);
      check(retried.body.outcome === ReplyOutcomes.compensated, `compensation attempt 2 answered ${describe(retried.body)}, expected compensated`);
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) check(effects.compensations === 1, `the probe counts ${effects.compensations} compensations, expected 1`);
      return pass('compensated each time');
    },
  },
  {
    id: 'execute-after-compensation',
    title: 'An execute that arrives after its step was compensated is refused (failed), never run',
    async run(kit) {
      const sagaId = kit.newSaga();
      const { reply } = await executed(kit, sagaId);
      await kit.reply(await kit.send(CommandKinds.compensate, sagaId, 1, { output: reply.body.output }));
      const late = await kit.send(CommandKinds.execute, sagaId, 2);
      const answer = await kit.reply(late);
      check(answer.body.outcome === ReplyOutcomes.failed, `the late execute answered ${describe(answer.body)}, expected failed`);
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) check(effects.executions === 1, `the probe counts ${effects.executions} executions, expected 1`);
      return pass(`failed (${answer.body.failure?.code ?? 'no code'})`);
    },
  },
  {
    id: 'compensation-never-executed',
    title: 'A compensation for a step never executed here is answered compensated, and a later execute of it is refused',
    async run(kit) {
      const sagaId = kit.newSaga();
      const compensate = await kit.send(CommandKinds.compensate, sagaId, 1, { output: null });
      const answer = await kit.reply(compensate);
      check(
        answer.body.outcome === ReplyOutcomes.compensated,
        `compensate of a never-executed step answered ${describe(answer.body)}, expected compensated`,
      );
      const late = await kit.send(CommandKinds.execute, sagaId, 1);
      const refused = await kit.reply(late);
      check(
        refused.body.outcome === ReplyOutcomes.failed,
        `the execute after the empty compensation answered ${describe(refused.body)}, expected failed (no effect may be left hanging)`,
      );
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) {
        check(
          effects.executions === 0 && effects.compensations === 0,
          `the probe counts ${effects.executions} executions and ${effects.compensations} compensations, expected none`,
        );
      }
      return pass('compensated, then the execute refused');
    },
  },
  {
    id: 'compensation-during-execute',
    title: 'A compensation arriving while its execute runs: both answered, nothing left in effect',
    async run(kit) {
      const sagaId = kit.newSaga();
      const input = kit.options.duringInput ?? kit.options.input;
      const execute = await kit.send(CommandKinds.execute, sagaId, 1, { input });
      if (kit.options.duringDelayMs > 0) await kit.double.quiet(kit.options.duringDelayMs);
      const compensate = await kit.send(CommandKinds.compensate, sagaId, 1, { output: null, input });
      const compensationSentAt = Date.now();
      const [executeReply, compensateReply] = await Promise.all([kit.reply(execute), kit.reply(compensate)]);
      check(
        compensateReply.body.outcome === ReplyOutcomes.compensated,
        `the compensation answered ${describe(compensateReply.body)}, expected compensated`,
      );
      check(
        executeReply.body.outcome === ReplyOutcomes.succeeded || executeReply.body.outcome === ReplyOutcomes.failed,
        `the execute answered ${describe(executeReply.body)}, expected succeeded or failed`,
      );
      const after = await kit.reply(await kit.send(CommandKinds.execute, sagaId, 2, { input }));
      check(after.body.outcome === ReplyOutcomes.failed, `an execute after the compensation answered ${describe(after.body)}, expected failed`);
      const effects = await kit.probe(sagaId);
      if (effects !== undefined) {
        check(
          effects.executions === effects.compensations,
          `the probe counts ${effects.executions} executions and ${effects.compensations} compensations: an effect is left in force`,
        );
      }
      const order = compensateReply.message.receivedAt < executeReply.message.receivedAt ? 'compensation answered first' : 'execute answered first';
      const overlap = executeReply.message.receivedAt - compensationSentAt;
      const timing =
        overlap > 0
          ? `the compensation was sent ${overlap} ms before the execute answered`
          : 'the execute had answered before the compensation was sent';
      return pass(`execute ${executeReply.body.outcome}, compensation compensated (${order}; ${timing})`);
    },
  },
  {
    id: 'unknown-command',
    title: 'A command the participant does not handle is dead-lettered without a reply',
    async run(kit) {
      const command = await kit.send(CommandKinds.execute, kit.newSaga(), 1, { command: `conformance-unknown-${randomUUID().slice(0, 8)}` });
      return refused(kit, command.messageId, 'an unknown command');
    },
  },
  {
    id: 'malformed-command',
    title: 'A malformed command (not JSON; JSON that breaks the schema) is dead-lettered without a reply',
    async run(kit) {
      const sagaId = kit.newSaga();
      const notJsonId = commandMessageId(sagaId, ConformanceStep, CommandKinds.execute, 1);
      const base = stepCommand({
        sagaId,
        step: ConformanceStep,
        participant: kit.options.participant,
        command: kit.options.command,
        kind: CommandKinds.execute,
        attempt: 1,
        payload: {},
      }).outgoing;
      await kit.double.send({ ...base, content: Buffer.from('{"messageId": "not json', 'utf8') });
      const first = await refused(kit, notJsonId, 'a body that is not JSON');
      const otherSaga = kit.newSaga();
      const invalid = stepCommand({
        sagaId: otherSaga,
        step: ConformanceStep,
        participant: kit.options.participant,
        command: kit.options.command,
        kind: CommandKinds.execute,
        attempt: 1,
        payload: {},
      });
      const broken = { ...invalid.body, attempt: 'first', kind: 'run' };
      await kit.double.send({ ...invalid.outgoing, content: Buffer.from(JSON.stringify(broken)) });
      const second = await refused(kit, invalid.body.messageId, 'a command with attempt "first" and kind "run"');
      return pass(`not JSON: ${first.detail}; invalid schema: ${second.detail}`);
    },
  },
  {
    id: 'oversized-command',
    title: "A command larger than the participant's limit is dead-lettered without a reply",
    async run(kit) {
      const sagaId = kit.newSaga();
      const { body, outgoing } = stepCommand({
        sagaId,
        step: ConformanceStep,
        participant: kit.options.participant,
        command: kit.options.command,
        kind: CommandKinds.execute,
        attempt: 1,
        payload: { input: inputFor(kit.options.input, sagaId), outputs: kit.options.outputs, padding: 'x'.repeat(kit.options.maxMessageBytes) },
      });
      check(outgoing.content.length > kit.options.maxMessageBytes, 'the oversized command is not oversized');
      await kit.double.send(outgoing);
      return refused(kit, body.messageId, `a command of ${outgoing.content.length} bytes`);
    },
  },
  {
    id: 'survives-bad-messages',
    title: 'After the refused messages the participant still answers a good command',
    async run(kit) {
      await executed(kit, kit.newSaga());
      return pass('answered');
    },
  },
];
