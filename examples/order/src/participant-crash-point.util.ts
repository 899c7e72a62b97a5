import { writeSync } from 'node:fs';
import type pg from 'pg';

/**
 * The one crash point of the example participants (fault 7 of the chaos suite): with
 * `SAGA_CRASH_POINT=participant.after-commit-before-reply` (and `SAGA_CRASH_POINT_HIT=<k>`,
 * default 1) the k-th hit prints `CRASH POINT <name> hit <k>: exiting` to stderr and SIGKILLs
 * the process. The same protocol as the coordinator's src/fault-injection/crash-point.ts,
 * written out here because an example imports nothing but the published packages.
 */
export const ParticipantCrashPoint = 'participant.after-commit-before-reply';

/** `SAGA_CRASH_POINT_HIT`: a positive integer, 1 when absent or invalid. */
function armedHit(raw: string | undefined): number {
  const value = Number(raw ?? '1');
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * A no-op unless `SAGA_CRASH_POINT` names the crash point above. The SDK runs each command in
 * one transaction of `pool` and hands the connection back the moment that transaction ended,
 * before it publishes the reply: a crash there is "the work is committed, the reply never
 * left". Call after the participant started, so start-up queries (migrations, fence DDL) are
 * not counted as hits.
 */
export function armParticipantCrashPoint(pool: pg.Pool, env: NodeJS.ProcessEnv = process.env): void {
  if (env['SAGA_CRASH_POINT'] !== ParticipantCrashPoint) return;
  const killOnHit = armedHit(env['SAGA_CRASH_POINT_HIT']);
  let hits = 0;
  pool.on('release', (error: Error | undefined) => {
    // A connection released with an error rolled back: nothing was committed.
    if (error !== undefined) return;
    hits += 1;
    if (hits !== killOnHit) return;
    try {
      // Synchronous on fd 2: the line must be out before the signal (stderr may be an async pipe).
      writeSync(2, `CRASH POINT ${ParticipantCrashPoint} hit ${hits}: exiting\n`);
    } catch {
      /* the kill below still proves the point fired */
    }
    process.kill(process.pid, 'SIGKILL');
  });
}
