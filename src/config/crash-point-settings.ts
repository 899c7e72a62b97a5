/** `SAGA_CRASH_POINT_HIT`: a positive integer, 1 when absent or invalid. */
export function parseHit(raw: string | undefined): number {
  const value = Number(raw ?? '1');
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * The crash point a chaos run armed (`SAGA_CRASH_POINT`, `SAGA_CRASH_POINT_HIT`), read once when
 * the module loads: a disarmed crash point then costs one string comparison. Kept out of
 * `AppConfig` on purpose: crash points fire in any process (coordinator, participants, tools)
 * and before the application's configuration exists.
 */
export const ArmedCrashPoint: { readonly name: string | undefined; readonly hit: number } = Object.freeze({
  name: process.env.SAGA_CRASH_POINT || undefined,
  hit: parseHit(process.env.SAGA_CRASH_POINT_HIT),
});
