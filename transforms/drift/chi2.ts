import gammainc from "@stdlib/math-base-special-gammainc";
import { AlignedCounts, requireAlignedCounts, total } from "./distributions";
import { DriftResult } from "./drift_result";

export interface Chi2Result extends DriftResult {
  pValue: number;
  degreesOfFreedom: number;
  /**
   * The smallest expected count E_ij. The χ² approximation of the p-value is
   * trusted when every E_ij ≥ 5 (Cochran 1954); below that it is rough.
   */
  minExpectedCount: number;
}

/**
 * Pearson's χ² test of homogeneity on the 2 × k table of baseline and current
 * counts (Agresti, An Introduction to Categorical Data Analysis, 2nd ed., §2.4):
 *   E_ij = R_i · C_j / N,   χ² = Σ_i Σ_j (O_ij − E_ij)² / E_ij,   df = k − 1,
 * p-value = P(χ²_df ≥ χ²) = Q(df/2, χ²/2), the regularized upper incomplete
 * gamma function (stdlib's gammainc, computed directly, not as 1 − CDF, so a
 * tiny p-value keeps its digits).
 *
 * A test of homogeneity rather than goodness of fit against baseline
 * proportions: the baseline is a sample too, a category only one side has
 * (e.g. unseen in training) is an ordinary column with a finite E, and the two
 * sides may have any sizes. Outcomes with no count on either side have no
 * column; with a single column left the sides cannot differ: χ² = 0, df = 0,
 * p = 1.
 */
export function chi2(aligned: AlignedCounts): Chi2Result {
  requireAlignedCounts(aligned);
  const rows = [aligned.baseline, aligned.current];
  const rowTotals = rows.map(total);
  const grandTotal = rowTotals[0] + rowTotals[1];
  // Plain loops: ts-closure-transform boxes a variable a lambda mutates, and a shorthand
  // property `{ minExpectedCount }` would then return the box.
  let statistic = 0;
  let columns = 0;
  let minExpectedCount = Infinity;
  for (let j = 0; j < aligned.outcomes.length; j++) {
    const columnTotal = rows[0][j] + rows[1][j];
    if (columnTotal === 0) continue;
    columns += 1;
    for (let i = 0; i < 2; i++) {
      const expected = (rowTotals[i] * columnTotal) / grandTotal;
      statistic += (rows[i][j] - expected) ** 2 / expected;
      minExpectedCount = Math.min(minExpectedCount, expected);
    }
  }
  const degreesOfFreedom = columns - 1;
  const pValue = degreesOfFreedom === 0 ? 1 : gammainc(statistic / 2, degreesOfFreedom / 2, true, true);
  return { value: statistic, pValue, degreesOfFreedom, minExpectedCount };
}
