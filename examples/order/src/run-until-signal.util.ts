import type { ParticipantLogger } from '@saga-coordinator/participant';

/** A started example participant. */
export interface RunningParticipant {
  stop(): Promise<void>;
}

/**
 * The body of an example `main.ts`: start, then on SIGTERM/SIGINT stop cleanly (finish the
 * commands in flight) and exit. A failed start exits with status 1.
 */
export function runUntilSignal(logger: ParticipantLogger, start: () => Promise<RunningParticipant>): void {
  start().then(
    (running) => {
      let stopping = false;
      const shutdown = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ error: String(error) }, 'unclean shutdown');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    },
    (error: unknown) => {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'failed to start');
      process.exit(1);
    },
  );
}
