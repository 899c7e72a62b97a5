import { chaosSagaCount, DefaultChaosSagaCount } from './seeded-random.util.js';

/**
 * How long a fault lasts (an outage, an alarm, a silence, a slow participant) at the two sizes
 * of the suite. At the CI size (the default 30 sagas) the whole load runs in seconds, so a
 * shorter window still has sagas in flight and each scenario still proves its fault fired;
 * a larger run (`npm run chaos:publish`, 1,000 sagas) keeps the published windows.
 */
export function faultWindow<T>(sizes: { readonly published: T; readonly ci: T }, sagaCount: number = chaosSagaCount()): T {
  return sagaCount > DefaultChaosSagaCount ? sizes.published : sizes.ci;
}

/**
 * Faults 19 and 20: the first charge of a few orders holds its transaction `slowChargeMs`, longer
 * than the charge step's three attempts take to time out (`chargeTimeoutMs` each, plus about
 * 1.5 s of backoff), so that the saga has turned back before the charge commits and its
 * success reply arrives late. Published: the order definition's 10 s timeout and 45 s; CI:
 * 4 s and 24 s (the step turns back after about 14 s).
 */
export const SlowChargeSizes: { readonly [size in 'published' | 'ci']: { readonly chargeTimeoutMs: number; readonly slowChargeMs: number } } = {
  published: { chargeTimeoutMs: 10_000, slowChargeMs: 45_000 },
  ci: { chargeTimeoutMs: 4_000, slowChargeMs: 24_000 },
};
export const SlowCharge = faultWindow(SlowChargeSizes);
