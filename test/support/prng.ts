// A small seeded random generator (mulberry32) for randomized tests, so that a failing case can be
// reproduced from its seed.

export type Rand = () => number;

/** Numbers in [0, 1), the same sequence for the same seed. */
export function prng(seed: number): Rand {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
