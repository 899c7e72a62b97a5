/**
 * The size limit every party holds a message body to: participants dead-letter larger commands
 * unread (the SDK's default `maxMessageBytes`), and the coordinator never writes a command whose
 * payload could not fit (the saga engine refuses it before anything is written).
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Room left in a command body for its envelope (ids, step, participant, command, deadline: well
 * under 1 KiB with the coordinator's 100-character identifiers), so a payload within
 * `MAX_COMMAND_PAYLOAD_BYTES` always makes a message within `MAX_MESSAGE_BYTES`.
 */
export const COMMAND_ENVELOPE_ALLOWANCE_BYTES = 4 * 1024;

/** The largest command payload (and mapping result) the coordinator builds, as UTF-8 JSON. */
export const MAX_COMMAND_PAYLOAD_BYTES = MAX_MESSAGE_BYTES - COMMAND_ENVELOPE_ALLOWANCE_BYTES;
