/**
 * What every drift metric returns: `value` (a distance, or a test's
 * statistic), `pValue` for tests, and metric-specific details (e.g. degrees
 * of freedom, the method of a p-value, an error bound) as further fields.
 */
export interface DriftResult {
  value: number;
  pValue?: number;
}
