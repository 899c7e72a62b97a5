import { Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AFTER_COMMIT_LISTENER, type AfterCommitOptions } from './after-commit.decorator.js';
import type { CommittedChange } from './committed-change.js';
import type { PostCommitListener } from './post-commit-listener.js';

/**
 * The post-commit port: finds every `@AfterCommit()` provider of the application once its
 * modules are initialised, and calls them in order after each commit. A listener that throws
 * (or whose promise rejects) is logged; the next ones still run and the caller never sees it.
 */
@Injectable()
export class PostCommitListeners implements OnModuleInit {
  private readonly logger = new Logger(PostCommitListeners.name);
  private listeners: readonly { readonly name: string; readonly listener: PostCommitListener }[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = this.discovery.getProviders().flatMap((wrapper, index) => {
      const instance: unknown = wrapper.instance;
      // `useValue` providers have no metatype: read the metadata from the instance's class.
      const type = (wrapper.metatype ?? (instance as object | null)?.constructor) as Type | undefined;
      if (!type || !instance || typeof (instance as Partial<PostCommitListener>).afterCommit !== 'function') return [];
      const options = this.reflector.get<Required<AfterCommitOptions> | undefined>(AFTER_COMMIT_LISTENER, type);
      return options === undefined ? [] : [{ name: String(wrapper.name), listener: instance as PostCommitListener, order: options.order, index }];
    });
    // The same instance may be reachable under two tokens (a class and an alias): keep it once.
    const unique = found.filter((entry, position) => found.findIndex((other) => other.listener === entry.listener) === position);
    this.listeners = unique.sort((a, b) => a.order - b.order || a.index - b.index).map(({ name, listener }) => ({ name, listener }));
  }

  /** The listeners in the order they are called (for start-up logs and tests). */
  names(): string[] {
    return this.listeners.map(({ name }) => name);
  }

  /** After a commit: every listener, in order; never throws. */
  publish(change: CommittedChange): void {
    for (const { name, listener } of this.listeners) {
      try {
        const result: unknown = listener.afterCommit(change);
        if (result instanceof Promise) result.catch((error: unknown) => this.failed(name, error));
      } catch (error) {
        this.failed(name, error);
      }
    }
  }

  private failed(name: string, error: unknown): void {
    this.logger.error(`post-commit listener ${name} failed; the commit stands: ${error instanceof Error ? error.message : String(error)}`);
  }
}
