import type { CommittedChange } from './committed-change.js';

/**
 * Work that follows a committed runtime transaction (publishing its commands, metrics, waking
 * the timer scheduler …). Register one by decorating a provider with `@AfterCommit()`: the
 * runtime finds it at start-up. Called synchronously, in `order`, after every commit; it must not
 * block (start async work and return). What it throws is logged and never fails the committed
 * request: the transaction stands, and the relay and timer polls are the safety nets.
 */
export interface PostCommitListener {
  afterCommit(change: CommittedChange): void;
}

/**
 * When each listener runs, lowest first (listeners with equal order run in discovery order).
 * Publishing comes first: it is what the saga waits on.
 */
export const PostCommitOrder = {
  /** The outbox fast path: publish the new commands. */
  publish: 0,
  /** Metrics and other observers of what happened. */
  observe: 10,
  /** Wake-ups of pollers (the timer scheduler). */
  wake: 20,
} as const;
