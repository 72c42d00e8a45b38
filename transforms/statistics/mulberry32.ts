/**
 * One step of mulberry32 (Tommy Ettinger, public domain), a small seeded
 * 32-bit generator: the next state and a uniform unsigned 32-bit output. The
 * state is a plain integer, so a sketch can carry it in its JSON form.
 */
export function mulberry32(state: number): { state: number; output: number } {
  const next = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(next ^ (next >>> 15), next | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: next, output: (t ^ (t >>> 14)) >>> 0 };
}
