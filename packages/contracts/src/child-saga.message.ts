import { z } from 'zod';

const name = z.string().min(1).max(200);

/**
 * Coordinator → coordinator (child → parent): a child saga finished. Published through the
 * outbox to the `saga.coordinator` exchange with routing key `child.finished`, consumed from
 * `saga.replies` and deduplicated by the parent's inbox, so parent and child are never locked
 * in one transaction. Participants neither send nor receive it.
 */
export const ChildSagaFinishedMessage = z
  .object({
    /** Deterministic: `<childSagaId>:finished:<child step-log seq>`. */
    messageId: name,
    parentSagaId: z.string().uuid(),
    /** The parent's child node. */
    step: name,
    childSagaId: z.string().uuid(),
    status: z.enum(['COMPLETED', 'COMPENSATED']),
    /** COMPLETED: the child's output (the parent node's output). */
    output: z.unknown().optional(),
    /** COMPENSATED: why the child turned back. */
    failure: z.object({ code: z.string().min(1).max(200), message: z.string().max(4000) }).optional(),
    sentAt: z.string().datetime({ offset: true }),
  })
  .meta({ id: 'ChildSagaFinished' });
export type ChildSagaFinishedMessage = z.infer<typeof ChildSagaFinishedMessage>;

/**
 * Coordinator → coordinator (parent → child): undo the child saga. `cancel`: the parent turned
 * back while the child ran; `compensate`: the parent compensates its completed child node. The
 * child answers with `ChildSagaFinished` (COMPENSATED) once it is undone.
 */
export const CompensateChildSagaMessage = z
  .object({
    /** Deterministic: `<parentSagaId>:<step>:cancel-child` or `<parentSagaId>:<step>:compensate-child:<attempt>`. */
    messageId: name,
    childSagaId: z.string().uuid(),
    parentSagaId: z.string().uuid(),
    step: name,
    reason: z.enum(['cancel', 'compensate']),
    sentAt: z.string().datetime({ offset: true }),
  })
  .meta({ id: 'CompensateChildSaga' });
export type CompensateChildSagaMessage = z.infer<typeof CompensateChildSagaMessage>;
