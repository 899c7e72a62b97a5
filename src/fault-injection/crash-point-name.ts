/**
 * The named moments at which a chaos run may kill a process (RELIABILITY.md fault table).
 * Each sits exactly where a crash is most likely to lose or double something.
 */
export const CrashPoints = {
  /** The start transaction committed; the HTTP answer was not sent yet (fault 1). */
  startAfterCommit: 'start.after-commit',
  /** A reply's transaction committed; the commands it produced were not handed to the publisher yet (faults 2, 6). */
  replyAfterCommitBeforePublish: 'reply.after-commit-before-publish',
  /** The broker confirmed an outbox message; the row is not marked sent yet (fault 3). */
  relayAfterConfirmBeforeMarkSent: 'relay.after-confirm-before-mark-sent',
  /** A reply was received and processed; its transaction is not committed yet (fault 4). */
  replyBeforeCommit: 'reply.before-commit',
  /** A reply's transaction committed; the delivery is not acked yet (fault 5). */
  replyAfterCommitBeforeAck: 'reply.after-commit-before-ack',
  /** A participant committed its business change and fence record; the reply is not published yet (fault 7). */
  participantAfterCommitBeforeReply: 'participant.after-commit-before-reply',
} as const;

/** One of the crash point names. */
export type CrashPointName = (typeof CrashPoints)[keyof typeof CrashPoints];
