import type pg from 'pg';
import { CrashPoints } from '../../fault-injection/crash-point-name.js';
import { crashPoint } from '../../fault-injection/crash-point.js';

/**
 * Fault injection for the chaos suite (a no-op unless `SAGA_CRASH_POINT` names
 * `participant.after-commit-before-reply`). The SDK runs each command in one transaction of
 * `pool` and hands the connection back the moment that transaction ended, before it publishes
 * the reply: a crash there is "the work is committed, the reply never left". Call after the
 * participant started, so start-up queries (migrations, fence DDL) are not counted as hits.
 */
export function armParticipantCrashPoint(pool: pg.Pool): void {
  pool.on('release', (error: Error | undefined) => {
    // A connection released with an error rolled back: nothing was committed.
    if (error === undefined) crashPoint(CrashPoints.participantAfterCommitBeforeReply);
  });
}
