/**
 * mulberry32: a small, fast generator, good enough to make chaos (duplicates, reordering, injected faults,
 * randomized delivery) reproducible from a seed. Not for anything secret.
 *
 * @example const random = seededRandom(42); random() // the same sequence every run, each in [0, 1)
 */
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
