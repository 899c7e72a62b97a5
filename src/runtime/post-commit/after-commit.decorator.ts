import { SetMetadata } from '@nestjs/common';
import { PostCommitOrder } from './post-commit-listener.js';

/** Metadata key the explorer looks for on provider classes. */
export const AFTER_COMMIT_LISTENER = 'saga-runtime:after-commit-listener';

/** Options of `@AfterCommit`. */
export interface AfterCommitOptions {
  /** Lower runs first (see `PostCommitOrder`); default `PostCommitOrder.observe`. */
  readonly order?: number;
}

/**
 * Marks a provider as a post-commit listener (it implements `PostCommitListener`). Only records
 * metadata; `PostCommitListeners` finds the providers at start-up, like nestjs/cqrs's handlers.
 */
export function AfterCommit(options: AfterCommitOptions = {}): ClassDecorator {
  return SetMetadata(AFTER_COMMIT_LISTENER, { order: options.order ?? PostCommitOrder.observe });
}
