import type { CommandKind, ReplyFailure } from '@saga-coordinator/contracts';
import type { FenceOutcome } from './fence-outcome.js';

/** The part of a reply the fence stores, so a duplicate command gets the same answer. */
export interface StoredReply {
  readonly output?: unknown;
  readonly failure?: ReplyFailure;
}

/** One row of `<schema>.saga_fence`. */
export interface FenceRecord {
  readonly sagaId: string;
  readonly step: string;
  readonly kind: CommandKind;
  /** The command that produced the record (the first one; later duplicates re-use it). */
  readonly messageId: string;
  readonly outcome: FenceOutcome;
  readonly reply: StoredReply;
}

/** The fence rows of one (saga, step), at most one per kind. */
export interface StepFence {
  readonly execute?: FenceRecord;
  readonly compensate?: FenceRecord;
}
