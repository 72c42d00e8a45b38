import gammainc from "@stdlib/math-base-special-gammainc";
import { AlignedCounts, requireAlignedCounts, total } from "./distributions";
import { DriftResult } from "./drift_result";

/** The textbook rule for the χ² approximation: every expected count at least 5 (Cochran 1954). */
export const MIN_EXPECTED_COUNT = 5;

export interface Chi2Result extends DriftResult {
  pValue: number;
  degreesOfFreedom: number;
  /** Columns of the table after pooling (see chi2). */
  cells: number;
  /** Outcomes pooled into a neighbour (bins) or into the rare-categories cell for expected counts below 5. */
  pooledOutcomes: number;
  /** The smallest expected count E_ij after pooling: ≥ 5 unless the whole table has fewer. */
  minExpectedCount: number;
}

/**
 * Pearson's χ² test of homogeneity on the 2 × k table of baseline and current
 * counts (Agresti, An Introduction to Categorical Data Analysis, 2nd ed., §2.4):
 *   E_ij = R_i · C_j / N,   χ² = Σ_i Σ_j (O_ij − E_ij)² / E_ij,   df = k − 1,
 * p-value = P(χ²_df ≥ χ²) = Q(df/2, χ²/2), the regularized upper incomplete
 * gamma function (stdlib's gammainc, computed directly, not as 1 − CDF, so a
 * tiny p-value keeps its digits). Checked against scipy's chi2_contingency
 * (correction=False) in test/drift/chi2.test.ts.
 *
 * Pooling, so that every E_ij ≥ 5 (the textbook rule: Cochran 1954; Agresti
 * §1.5): a column's smaller expected count is min(R)·C_j/N, so columns are
 * pooled until each group's total reaches 5·N/min(R). Histogram bins pool with
 * their neighbours, left to right, a short last group joining the one before;
 * categories pool from the rarest up (sorted by column total), so the frequent
 * ones keep their own cells. A table whose total is below that is one cell:
 * χ² = 0, df = 0, p = 1.
 *
 * A test of homogeneity rather than goodness of fit against baseline
 * proportions: the baseline is a sample too, a category only one side has
 * (e.g. unseen in training) is an ordinary column with a finite E, and the two
 * sides may have any sizes. Outcomes with no count on either side have no column.
 */
export function chi2(aligned: AlignedCounts): Chi2Result {
  requireAlignedCounts(aligned);
  const rowTotals = [total(aligned.baseline), total(aligned.current)];
  const grandTotal = rowTotals[0] + rowTotals[1];
  const columns = tableColumns(aligned);
  const cells = pooledCells(columns, (MIN_EXPECTED_COUNT * grandTotal) / Math.min(...rowTotals));
  // Plain loops: ts-closure-transform boxes a variable a lambda mutates, and a shorthand
  // property `{ minExpectedCount }` would then return the box.
  let statistic = 0;
  let minExpectedCount = Infinity;
  for (const [baselineCount, currentCount] of cells) {
    const columnTotal = baselineCount + currentCount;
    const observed = [baselineCount, currentCount];
    for (let i = 0; i < 2; i++) {
      const expected = (rowTotals[i] * columnTotal) / grandTotal;
      statistic += (observed[i] - expected) ** 2 / expected;
      minExpectedCount = Math.min(minExpectedCount, expected);
    }
  }
  const degreesOfFreedom = cells.length - 1;
  const pValue = degreesOfFreedom === 0 ? 1 : gammainc(statistic / 2, degreesOfFreedom / 2, true, true);
  return {
    value: statistic,
    pValue,
    degreesOfFreedom,
    cells: cells.length,
    pooledOutcomes: columns.length - cells.length,
    minExpectedCount,
  };
}

/** The table's non-empty columns as [baseline, current] pairs, in the order they pool in. */
function tableColumns(aligned: AlignedCounts): [number, number][] {
  const { outcomes, baseline, current } = aligned;
  const order = outcomes.map((_, j) => j).filter((j) => baseline[j] + current[j] > 0);
  // Categories: frequent first, ties by name, so the pooling does not depend on the order categories arrived in.
  const columnTotal = (j: number) => baseline[j] + current[j];
  if (!aligned.ordered) {
    order.sort((x, y) => columnTotal(y) - columnTotal(x) || (outcomes[x] < outcomes[y] ? -1 : 1));
  }
  return order.map((j): [number, number] => [baseline[j], current[j]]);
}

/** Neighbouring columns pooled until each cell's total reaches `minColumnTotal`; a short last group joins the one before. */
function pooledCells(columns: readonly [number, number][], minColumnTotal: number): [number, number][] {
  const cells: [number, number][] = [];
  let pending: [number, number] = [0, 0];
  for (const [b, c] of columns) {
    pending = [pending[0] + b, pending[1] + c];
    if (pending[0] + pending[1] >= minColumnTotal) {
      cells.push(pending);
      pending = [0, 0];
    }
  }
  if (pending[0] + pending[1] > 0) {
    const previous = cells.pop() ?? [0, 0];
    cells.push([previous[0] + pending[0], previous[1] + pending[1]]);
  }
  return cells;
}
