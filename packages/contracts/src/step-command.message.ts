import { z } from 'zod';

/** Whether a command runs a step or undoes it. */
export const CommandKinds = {
  /** Do the step's work. */
  execute: 'execute',
  /** Undo the step's work (must accept "nothing to undo"). */
  compensate: 'compensate',
} as const;
export type CommandKind = (typeof CommandKinds)[keyof typeof CommandKinds];

const name = z.string().min(1).max(200);

/**
 * Coordinator → participant. Published to `saga.commands` with routing key
 * `<participant>.<command>`; AMQP `messageId` equals `messageId` below.
 */
export const StepCommandMessage = z
  .object({
    /** Deterministic: `sagaId:step:kind:attempt`. */
    messageId: name,
    sagaId: z.string().uuid(),
    /** Step name in the saga definition. */
    step: name,
    participant: name,
    /** The command (or compensation command) name the participant registered. */
    command: name,
    kind: z.enum([CommandKinds.execute, CommandKinds.compensate]),
    /** 1-based; a retry gets a new attempt and so a new message id. */
    attempt: z.number().int().min(1),
    /**
     * For `execute`: `{ input, outputs }` (saga input and earlier steps' outputs).
     * For `compensate`: `{ input, output }` (the step's own output: its undo data; null if unknown).
     */
    payload: z.unknown(),
    /** When the coordinator stops waiting (ISO 8601); later work is wasted and may be compensated. */
    deadline: z.string().datetime({ offset: true }).optional(),
    sentAt: z.string().datetime({ offset: true }),
  })
  .meta({ id: 'StepCommand' });
export type StepCommandMessage = z.infer<typeof StepCommandMessage>;
