import { mulberry32 } from "../../transforms/statistics/mulberry32";

/** A reproducible uniform [0, 1) source. */
export function uniformSource(seed: number): () => number {
  let state = seed;
  return () => {
    const step = mulberry32(state);
    state = step.state;
    return step.output / 2 ** 32;
  };
}

/** n draws of `draw`, each given the uniform source. */
export function sample(n: number, seed: number, draw: (uniform: () => number) => number): number[] {
  const uniform = uniformSource(seed);
  return Array.from({ length: n }, () => draw(uniform));
}

/** Standard normal by the Box–Muller transform. */
export function standardNormal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Exponential with rate 1 by inversion, −ln(1 − U). */
export function exponential(uniform: () => number): number {
  return -Math.log(1 - uniform());
}

/** Pareto with scale 1 and shape α by inversion, (1 − U)^(−1/α): heavy-tailed, infinite variance for α ≤ 2. */
export function pareto(shape: number): (uniform: () => number) => number {
  return (uniform) => Math.pow(1 - uniform(), -1 / shape);
}
