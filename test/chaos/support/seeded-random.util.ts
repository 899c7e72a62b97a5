/** A small deterministic PRNG (mulberry32): the same `CHAOS_SEED` gives the same saga mix. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `CHAOS_SEED` if set, else a fresh seed (printed in the report so a run can be replayed). */
export function chaosSeed(): number {
  const raw = process.env.CHAOS_SEED;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Math.floor(Math.random() * 2 ** 31);
}

/** Sagas per scenario when `CHAOS_SAGAS` is not set: the size CI runs. */
export const DefaultChaosSagaCount = 30;

/** `CHAOS_SAGAS`: sagas per scenario (default 30). */
export function chaosSagaCount(): number {
  const value = Number(process.env.CHAOS_SAGAS ?? String(DefaultChaosSagaCount));
  return Number.isInteger(value) && value >= 4 ? value : DefaultChaosSagaCount;
}
