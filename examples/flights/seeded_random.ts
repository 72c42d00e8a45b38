import { mulberry32 } from "../../transforms/statistics/mulberry32";

/**
 * A seeded source of uniform numbers in [0, 1): mulberry32 (Tommy Ettinger's
 * 32-bit generator, public domain), so the example data is the same on every
 * run without Math.random.
 */
export function seededRandom(seed: number): () => number {
  const generator = { state: seed | 0 };
  return () => {
    const step = mulberry32(generator.state);
    generator.state = step.state;
    return step.output / 4294967296;
  };
}

/** An integer drawn uniformly from [low, high]. */
export function uniformInt(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** A version-4 UUID (the form KServe's logger uses for ce_id) from the seeded source. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => uniformInt(random, 0, 15).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const text = hex.join("");
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}
