import { MessageHeaders } from '@saga-coordinator/contracts';

/**
 * One sentence per field of every wire schema, for readers who never see the TypeScript.
 * The zod schemas in packages/contracts carry no `.describe()` texts, so they live here; the
 * generator refuses a schema property without a description, and a description whose field
 * no longer exists, so this table cannot drift from the contracts.
 */
export const PayloadFieldDescriptions: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  StepCommand: {
    messageId: 'Deterministic id `<sagaId>:<step>:<kind>:<attempt>`; equals the AMQP `messageId` property. A redelivery carries the same id.',
    sagaId: 'The saga instance (UUID); also the AMQP `correlationId`.',
    step: 'Step name in the saga definition.',
    participant: 'The participant that owns the step (the first segment of the routing key).',
    command: 'The command (for `execute`) or compensation command (for `compensate`) the participant registered.',
    kind: '`execute` runs the step; `compensate` undoes it and must accept "nothing to undo".',
    attempt: '1-based attempt number; a retry after a technical error gets the next attempt and so a new message id.',
    payload:
      "For `execute`: `{ input, outputs }`, the saga input and the outputs of earlier steps by step name. For `compensate`: `{ input, output }`, the step's own output (its undo data; null when the outcome is unknown).",
    deadline: 'When the coordinator stops waiting (ISO 8601). Work finished later is wasted: the step counts as maybe-done and will be compensated.',
    sentAt: 'When the coordinator published the command (ISO 8601, informational).',
  },
  ChildSagaFinished: {
    messageId: "Deterministic id `<childSagaId>:finished:<n>` (n counts the child's notices); equals the AMQP `messageId` property.",
    parentSagaId: 'The parent saga (UUID); also the AMQP `correlationId`.',
    step: "The parent's child node that started the child saga.",
    childSagaId: 'The child saga (UUID v5 of the parent id and the node name).',
    status: '`COMPLETED` (the node succeeds with `output`) or `COMPENSATED` (the child undid itself: the node fails, or its compensation is done).',
    output: "With `COMPLETED`: the child saga's output, which becomes the node's output.",
    failure: "With `COMPENSATED`: why the child turned back (its failed step's error, or `parent-compensation`).",
    sentAt: 'When the child saga finished (ISO 8601, informational).',
  },
  CompensateChildSaga: {
    messageId:
      'Deterministic id `<parentSagaId>:<step>:cancel-child` or `<parentSagaId>:<step>:compensate-child:<attempt>`; equals the AMQP `messageId` property.',
    childSagaId: 'The child saga to undo (UUID); also the AMQP `correlationId`.',
    parentSagaId: 'The parent saga asking; a child of another parent refuses (dead-lettered).',
    step: "The parent's child node.",
    reason: '`cancel`: the parent turned back while the child ran; `compensate`: the parent compensates its completed child node.',
    sentAt: 'When the parent decided it (ISO 8601, informational).',
  },
  StepReply: {
    messageId: "Deterministic id: the command's `messageId` + `:reply`; equals the AMQP `messageId` property.",
    inReplyTo: "The `messageId` of the command this reply answers; also the reply's AMQP `correlationId`.",
    sagaId: 'Copied from the command.',
    step: 'Copied from the command.',
    participant: 'Copied from the command; a reply from a participant that does not own the step is dead-lettered.',
    kind: 'Copied from the command.',
    attempt: 'Copied from the command; a reply to a stale attempt is recorded and changes nothing.',
    outcome:
      '`succeeded` or `failed` (business refusal, final) or `error` (technical, retried) for `execute`; `compensated` or `error` for `compensate`.',
    output: "With `succeeded`: the step's result (JSON). Stored by the coordinator and handed back to the compensation as `payload.output`.",
    failure: 'With `failed` and `error`: a machine-readable code and a human-readable message.',
    repliedAt: 'When the participant produced the outcome (ISO 8601). The coordinator measures its reply-consumer lag from it.',
    startedAt:
      'Optional: when the participant began handling the command (ISO 8601). With `commandSentAt` it gives the schedule-to-start latency metric.',
    commandSentAt: "Optional: the answered command's `sentAt`, echoed unchanged so the coordinator needs no lookup to measure schedule-to-start.",
  },
  ReplyFailure: {
    code: 'Machine-readable reason, e.g. `out-of-stock`, `card-declined`, `already-compensated`, `timeout`.',
    message: 'Human-readable explanation; never a stack trace.',
  },
  SagaStatusChanged: {
    eventId:
      'Deterministic id `<sagaId>:started` or `<sagaId>:status:<step-log seq>`; equals the AMQP `messageId` property. A republish carries the same id: dedupe by it.',
    sagaId: 'The saga (UUID); also the AMQP `correlationId`.',
    definition: 'The saga definition name: the first segment of the routing key.',
    definitionVersion: 'The definition version the saga runs.',
    event:
      '`started`, `completed`, `compensating` (a step failed or a deadline passed), `cancelled` (an operator cancelled: instead of `compensating`), `compensated` or `compensation-failed`: the last segment of the routing key.',
    status: 'The saga status after the change.',
    previousStatus: 'The saga status before the change; null for `started`.',
    occurredAt: 'When the change committed, on the database clock (ISO 8601).',
    parentSagaId: 'The parent saga when this one is a child saga; otherwise null.',
    failure:
      'With `compensating`, `cancelled`, `compensated`: why the saga turned back; with `compensation-failed`: the error of the compensation that gave up.',
  },
  ParticipantAnnouncement: {
    participant: 'Participant name: its queue is `saga.participant.<participant>`.',
    instance: 'One running process of the participant (host:pid or similar).',
    commands: 'Commands this participant executes.',
    compensations: 'Compensation commands this participant handles.',
    announcedAt: 'When the announcement was sent (ISO 8601); the coordinator shows it as "last seen".',
  },
};

/** One sentence per AMQP header of packages/contracts/src/message-headers.ts, keyed like `MessageHeaders`. */
export const HeaderDescriptions: Readonly<Record<keyof typeof MessageHeaders, string>> = {
  sagaId: "The saga instance id (same as the body's `sagaId`). Set on commands and replies.",
  step: "The step name (same as the body's `step`). Set on commands and replies.",
  attempt: "The attempt number (same as the body's `attempt`). Set on commands and replies.",
  participant: 'The participant that owns the step, or that announces itself.',
  protocolVersion:
    'The wire protocol version the sender speaks (an integer, 1 today). The coordinator sets it on commands and lifecycle events; a participant sets it on its replies and announcements. Absent means 1.',
  deadLetterReason: 'Why the message was dead-lettered, in words, set by the consumer that refused it. Only on messages in `saga.dead-letter`.',
  traceparent: 'W3C Trace Context `traceparent`; propagate it from command to reply to continue the trace.',
  tracestate: 'W3C Trace Context `tracestate`.',
};
