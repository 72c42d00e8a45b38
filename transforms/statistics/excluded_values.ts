import { countJson } from "./accumulator";

/** A numerical feature's value: a number, or null when it is missing. */
export type NumericValue = number | null;

/**
 * The inputs a numerical accumulator leaves out of its distribution, counted
 * so that none is silently dropped: `missing` (null) and `nonFinite` (NaN,
 * ±Infinity). Non-finite values are counted apart from missing ones because
 * they mean something different (an overflow or a bad computation upstream,
 * not an absent field), and are not rejected because one bad value must not
 * crash a streaming job.
 */
export class ExcludedValues {
  constructor(
    public missing = 0,
    public nonFinite = 0,
  ) {}

  /** True when `value` is a finite number to accumulate; otherwise counts it and returns false. */
  admit(value: NumericValue): value is number {
    if (value === null) {
      this.missing += 1;
      return false;
    }
    if (!Number.isFinite(value)) {
      this.nonFinite += 1;
      return false;
    }
    return true;
  }

  merge(other: ExcludedValues): void {
    this.missing += other.missing;
    this.nonFinite += other.nonFinite;
  }
}

/** The JSON fields of `ExcludedValues`, spread into each numerical accumulator's JSON schema. */
export const excludedValuesJson = { missing: countJson, nonFinite: countJson };
