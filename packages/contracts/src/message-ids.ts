import type { CommandKind } from './step-command.message.js';

/**
 * Deterministic message ids: the same logical message always gets the same id, so a
 * redelivery or a re-publish is recognised on both sides (coordinator inbox, participant fence).
 */
export function commandMessageId(sagaId: string, step: string, kind: CommandKind, attempt: number): string {
  return `${sagaId}:${step}:${kind}:${attempt}`;
}

/** The id of the reply to a command: the command's id with a `:reply` suffix. */
export function replyMessageId(commandId: string): string {
  return `${commandId}:reply`;
}
