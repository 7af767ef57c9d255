// Seeded randomness for tests that check a rule over random data: the data differ per run, and a
// failure message prints the seed, which reproduces the run when passed back in.
export interface SeededRandom {
  seed: number;
  /** A number in [0, 1), from mulberry32. */
  random: () => number;
  pick: <T>(xs: readonly T[]) => T;
}

/** `seed`: a previous run's seed (e.g. from an environment variable); absent, a fresh one. */
export function seededRandom(seed?: string | number): SeededRandom {
  const start =
    seed === undefined || seed === "" ? Math.floor(Math.random() * 2 ** 31) : Number(seed);
  let s = start >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: start,
    random,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T,
  };
}
