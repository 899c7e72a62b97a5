/**
 * Deliberately broken builds that validate the harness (RELIABILITY.md: "zeros from a harness
 * that cannot see a fault prove nothing"). Each is a text patch of a copy of dist/ at a
 * `chaos:<name>` marker comment in the production source; production code paths are never
 * changed. A patch that no longer finds its marker fails the suite loudly.
 */
export interface BrokenVariant {
  readonly name: BrokenVariantName;
  /** What the variant breaks, for the report. */
  readonly description: string;
  /** The compiled file, relative to the build root. */
  readonly file: string;
  readonly marker: string;
  /** Code that replaces the marker comment line. */
  readonly replacement: string;
}

/** The broken variants the suite must catch. */
export const BrokenVariantNames = {
  /** The coordinator acks a reply on receipt, before its transaction commits. */
  ackBeforeCommit: 'ack-before-commit',
  /** Commands are published only by the publish-after-commit path: no outbox relay behind it. */
  noOutbox: 'no-outbox',
  /** The participant fence does not dedupe a redelivered command: the handler runs again. */
  noInbox: 'no-inbox',
  /** Timers are due by the replica's own clock instead of the database's. */
  localClock: 'local-clock',
} as const;
export type BrokenVariantName = (typeof BrokenVariantNames)[keyof typeof BrokenVariantNames];

export const BrokenVariants: Record<BrokenVariantName, BrokenVariant> = {
  'ack-before-commit': {
    name: 'ack-before-commit',
    description: 'reply consumer acks on receipt, before the transaction commits',
    file: 'dist/src/messaging/reply-consumer.service.js',
    marker: 'chaos:ack-before-commit',
    // Ack now; later acks/nacks of this delivery become no-ops (a second ack would close the channel).
    replacement:
      "channel.ack(message); channel = new Proxy(channel, { get: (target, key) => (key === 'ack' || key === 'nack') ? () => undefined : Reflect.get(target, key) });",
  },
  'no-outbox': {
    name: 'no-outbox',
    description: 'commands published directly after commit only; the outbox relay never publishes what that missed',
    file: 'dist/src/messaging/outbox-relay.service.js',
    marker: 'chaos:no-outbox',
    replacement: 'return 0;',
  },
  'no-inbox': {
    name: 'no-inbox',
    description: 'participant fence does not dedupe a redelivered command (the handler runs again)',
    file: 'packages/participant/dist/core/fence-action.util.js',
    marker: 'chaos:fence-dedupe',
    // Forget the stored execute record, so the next statement never answers from it.
    replacement: 'fence = { ...fence, execute: undefined };',
  },
  'local-clock': {
    name: 'local-clock',
    description: "timers are claimed when due by the replica's process clock, not the database clock",
    file: 'dist/src/persistence/repositories/postgres-saga.transaction.js',
    marker: 'chaos:local-clock',
    // The marked line sits inside the claim's SQL template literal: the replica's clock is interpolated.
    replacement: "WHERE due_at <= '${new Date().toISOString()}'::timestamptz",
  },
};

/** Applies `variant` to the text of its file; throws when the marker is missing or ambiguous. */
export function applyBrokenVariant(source: string, variant: BrokenVariant): string {
  const lines = source.split('\n');
  const at = lines.flatMap((line, index) => (line.includes(variant.marker) ? [index] : []));
  if (at.length !== 1)
    throw new Error(`broken variant ${variant.name}: expected one "${variant.marker}" marker in ${variant.file}, found ${at.length}`);
  const index = at[0]!;
  const indent = /^\s*/.exec(lines[index]!)?.[0] ?? '';
  lines.splice(index, 1, `${indent}${variant.replacement}`);
  return lines.join('\n');
}
