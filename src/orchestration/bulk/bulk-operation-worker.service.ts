import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { BulkOperationService } from './bulk-operation.service.js';
import { WakeableSleep } from '../workers/wakeable-sleep.js';

/** Items one pass acts on before it checks for shutdown and completions again. */
const ITEMS_PER_PASS = 100;

/**
 * Works through the pending items of running bulk operations, on every replica with no leader:
 * each item is claimed `FOR UPDATE SKIP LOCKED` and acted on in one runtime transaction (see
 * `BulkOperationService.actOnNextItem`), so replicas share the work and a replica killed midway
 * leaves its uncommitted item pending for the next claim. Between passes it marks drained
 * operations COMPLETED; it sleeps `BULK_POLL_INTERVAL_MS` when nothing is pending, woken at once
 * when this replica creates an operation.
 */
@Injectable()
export class BulkOperationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BulkOperationWorker.name);
  private stopping = false;
  private readonly pause = new WakeableSleep();
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bulk: BulkOperationService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.bulk.onCreated(() => {
      this.pause.wake();
    });
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.pause.wake();
    await this.loop;
  }

  /** Acts on up to `max` items; returns how many it took (done or skipped). */
  async pass(max = ITEMS_PER_PASS): Promise<number> {
    let taken = 0;
    while (taken < max && !this.stopping) {
      if ((await this.bulk.actOnNextItem()) === 'none') break;
      taken++;
    }
    return taken;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let taken = 0;
      try {
        taken = await this.pass();
        if (taken < ITEMS_PER_PASS) await this.bulk.completeDrained();
      } catch (error) {
        this.logger.warn(`bulk operation pass failed: ${(error as Error).message}`);
      }
      // A full pass means more may be pending: go again at once.
      if (taken < ITEMS_PER_PASS) await this.pause.sleep(this.config.bulkPollIntervalMs);
    }
  }
}
