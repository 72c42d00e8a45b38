import * as assert from "assert";
import { type WindowedResult, latestPanes } from "../support/latest_panes";
import { loggedValues } from "../support/flights_log_values";
import { writtenResults } from "../portable/written_results";

type Result = Record<string, unknown> & WindowedResult;

/** Floating-point sums merged in another order differ in their last bits; integers (counts, sums of integers) must not. */
const FLOAT_RELATIVE_TOLERANCE = 1e-12;

function sameNumber(a: number, b: number): boolean {
  if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
  return Math.abs(a - b) <= FLOAT_RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Asserts `actual` equals `expected` field by field, numbers as sameNumber
 * says, except the fields `skip` names (checked elsewhere). Names the path of
 * the first difference.
 */
function assertSameFields(
  actual: unknown,
  expected: unknown,
  where: string,
  skip: ReadonlySet<string>,
): void {
  if (typeof expected === "number" && typeof actual === "number") {
    assert.ok(sameNumber(actual, expected), `${where}: ${actual} vs direct ${expected}`);
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${where}: ${JSON.stringify(actual)}`);
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys)
      if (!skip.has(key))
        assertSameFields(
          (actual as Record<string, unknown>)[key],
          (expected as Record<string, unknown>)[key],
          `${where}.${key}`,
          skip,
        );
  } else {
    assert.deepStrictEqual(actual, expected, where);
  }
}

/**
 * A quantile sketch's answer v for quantile q of `values` is within its
 * normalized rank error ε when some rank v can take (between the number of
 * values below v and the number at or below it) lies within (q ± ε)·n.
 */
function assertWithinRankError(v: number, q: number, epsilon: number, values: number[], where: string): void {
  const n = values.length;
  const below = values.filter((x) => x < v).length;
  const atOrBelow = values.filter((x) => x <= v).length;
  // Separate constants: ts-closure-transform loses array-destructured bindings.
  const from = (q - epsilon) * n;
  const to = (q + epsilon) * n;
  assert.ok(
    atOrBelow >= from && below <= to,
    `${where}: ${v} has ranks ${below}..${atOrBelow} of ${n}, outside (${q} ± ${epsilon})·n = ${from}..${to}`,
  );
}

const isKs = (record: Record<string, unknown>) =>
  record.metric === "ks" || (record.evidence as { metric?: string } | undefined)?.metric === "ks";

/**
 * Asserts that a run on Flink wrote, for the flights example, what the
 * direct runner wrote: the same outliers and dead letters; per windowed
 * result the same latest pane (kind, window, feature, metric) with the same
 * counts, sums, means, min/max, histograms, frequencies, correlations,
 * outlier rates, alerts and drift verdicts; quantiles within the sketch's
 * rank error of the log's own values (Flink merges partial sketches in
 * another order, so they may differ from the direct runner's, within that
 * bound); KS statistics within twice the KS rank-error bound of each other
 * (each is within its bound of the exact statistic). Returns the Flink run's
 * latest panes, for checks on their labels. `workersMadeTheFiles`: see writtenResults.
 */
export function assertSameResultsAsDirect(
  flinkDir: string,
  directDir: string,
  workersMadeTheFiles = false,
): Map<string, Result> {
  const flink = writtenResults(flinkDir, workersMadeTheFiles);
  const direct = writtenResults(directDir);
  assert.deepStrictEqual(flink.outlier, direct.outlier, "outliers");
  assert.deepStrictEqual(flink.deadletter, direct.deadletter, "dead letters");
  const logged = loggedValues().values;
  const flinkLatest = new Map<string, Result>();
  for (const kind of ["statistics", "drift", "alert"]) {
    const ours = latestPanes(flink[kind] as Result[]);
    const theirs = latestPanes(direct[kind] as Result[]);
    assert.deepStrictEqual([...ours.keys()].sort(), [...theirs.keys()].sort(), `${kind}: the same results`);
    for (const [key, expected] of theirs) {
      const actual = ours.get(key)!;
      flinkLatest.set(key, actual);
      const ks = isKs(expected);
      const skip = new Set([
        "pane",
        "quantiles",
        "iqr",
        ...(ks ? ["value", "pValue", "adjustedPValue"] : []),
      ]);
      assertSameFields(actual, expected, key, skip);
      if (kind === "statistics" && expected.quantiles !== undefined) {
        const values = logged.get(expected.feature!)!.get(Date.parse(expected.window.start)) as number[];
        const epsilon = expected.quantileRankError as number;
        for (const [q, v] of Object.entries(actual.quantiles as Record<string, number>))
          assertWithinRankError(v, Number(q), epsilon, values, `${key} quantile ${q}`);
      }
      if (ks && kind === "drift") {
        const bound = (expected.details as { rankErrorBound: number }).rankErrorBound;
        const a = actual.value as number;
        const b = expected.value as number;
        assert.ok(Math.abs(a - b) <= 2 * bound, `${key}: KS ${a} vs direct ${b}, bound ±${bound} each`);
      }
    }
  }
  return flinkLatest;
}
