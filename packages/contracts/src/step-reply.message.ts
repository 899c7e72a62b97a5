import { z } from 'zod';
import { CommandKinds } from './step-command.message.js';

/** What happened to a command, as the participant reports it. */
export const ReplyOutcomes = {
  /** `execute` done; `output` holds the step's result (its undo data). */
  succeeded: 'succeeded',
  /** `execute` refused for a business reason (declined, out of stock): final, never retried. */
  failed: 'failed',
  /** A technical error (exception, dependency down): retried per the step's policy. */
  error: 'error',
  /** `compensate` done (or there was nothing to undo). */
  compensated: 'compensated',
} as const;
export type ReplyOutcome = (typeof ReplyOutcomes)[keyof typeof ReplyOutcomes];

const name = z.string().min(1).max(200);

/** Business or technical failure details carried by a reply. */
export const ReplyFailure = z
  .object({
    code: z.string().min(1).max(200),
    message: z.string().max(4000),
  })
  .meta({ id: 'ReplyFailure' });
export type ReplyFailure = z.infer<typeof ReplyFailure>;

/**
 * Participant → coordinator. Published to `saga.replies` with routing key `reply`;
 * AMQP `messageId` equals `messageId` below.
 */
export const StepReplyMessage = z
  .object({
    /** Deterministic: the command's id + `:reply`. */
    messageId: name,
    /** The command this answers. */
    inReplyTo: name,
    sagaId: z.string().uuid(),
    step: name,
    participant: name,
    kind: z.enum([CommandKinds.execute, CommandKinds.compensate]),
    attempt: z.number().int().min(1),
    outcome: z.enum([ReplyOutcomes.succeeded, ReplyOutcomes.failed, ReplyOutcomes.error, ReplyOutcomes.compensated]),
    /** Present with `succeeded`: the step's result, stored and handed to its compensation. */
    output: z.unknown().optional(),
    /** Present with `failed` and `error`. */
    failure: ReplyFailure.optional(),
    repliedAt: z.string().datetime({ offset: true }),
    /** When the participant began handling the command (optional; feeds the schedule-to-start metric). */
    startedAt: z.string().datetime({ offset: true }).optional(),
    /** The answered command's `sentAt`, echoed so the coordinator measures schedule-to-start without a lookup. */
    commandSentAt: z.string().datetime({ offset: true }).optional(),
  })
  .meta({ id: 'StepReply' });
export type StepReplyMessage = z.infer<typeof StepReplyMessage>;
