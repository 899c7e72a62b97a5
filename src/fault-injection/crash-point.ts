import { writeSync } from 'node:fs';
import { ArmedCrashPoint } from '../config/crash-point-settings.js';
import type { CrashPointName } from './crash-point-name.js';

const armedName = ArmedCrashPoint.name;
const armedHit = ArmedCrashPoint.hit;
let hits = 0;

/** The line a crash point prints before it kills the process (the chaos suite looks for it). */
export function crashPointLine(name: string, hit: number): string {
  return `CRASH POINT ${name} hit ${hit}: exiting`;
}

/**
 * A named place where a chaos run kills this process. With `SAGA_CRASH_POINT=<name>` (and
 * optionally `SAGA_CRASH_POINT_HIT=<k>`, default 1), the k-th time execution reaches the point
 * it prints `CRASH POINT <name> hit <k>: exiting` to stderr and sends itself SIGKILL: no
 * shutdown hook, no flush, no ack — the same as a power cut at that instant. Otherwise a
 * no-op. Only the chaos suite (test/chaos) sets these variables.
 */
export function crashPoint(name: CrashPointName): void {
  if (name !== armedName) return;
  hits += 1;
  if (hits !== armedHit) return;
  try {
    // Synchronous on fd 2: the line must be out before the signal (stderr may be an async pipe).
    writeSync(2, `${crashPointLine(name, hits)}\n`);
  } catch {
    /* the kill below still proves the point fired */
  }
  process.kill(process.pid, 'SIGKILL');
}
