/**
 * The Cholesky factor of a symmetric matrix A: lower-triangular L with
 * L·Lᵀ = A (Cholesky–Banachiewicz, row by row; Golub & Van Loan, "Matrix
 * Computations", 4th ed., Alg. 4.2.2):
 *   L_jj = √(A_jj − Σ_{k<j} L_jk²),  L_ij = (A_ij − Σ_{k<j} L_ik·L_jk) / L_jj  (i > j).
 * The pivot A_jj − Σ_{k<j} L_jk² is the variance of feature j left after
 * regressing it on features 0..j−1. Returns undefined unless every pivot is
 * above `relativeTolerance`·A_jj: A is then positive definite with no feature
 * explained by the earlier ones to within that fraction of its variance.
 * Plain loops only: this runs per record inside a Beam DoFn.
 */
export function choleskyFactor(
  matrix: readonly (readonly number[])[],
  relativeTolerance: number,
): number[][] | undefined {
  const d = matrix.length;
  const factor: number[][] = [];
  for (let i = 0; i < d; i++) {
    const row: number[] = new Array(d).fill(0);
    factor.push(row);
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= row[k] * factor[j][k];
      if (i === j) {
        if (!(sum > relativeTolerance * matrix[i][i])) return undefined;
        row[i] = Math.sqrt(sum);
      } else {
        row[j] = sum / factor[j][j];
      }
    }
  }
  return factor;
}

/**
 * The squared Mahalanobis length vᵀ·A⁻¹·v given A's Cholesky factor L: since
 * A⁻¹ = L⁻ᵀ·L⁻¹, it is ‖y‖² for y = L⁻¹·v, found by forward substitution.
 */
export function squaredMahalanobisLength(
  factor: readonly (readonly number[])[],
  vector: readonly number[],
): number {
  const y: number[] = [];
  let squaredLength = 0;
  for (let i = 0; i < vector.length; i++) {
    let sum = vector[i];
    for (let k = 0; k < i; k++) sum -= factor[i][k] * y[k];
    y.push(sum / factor[i][i]);
    squaredLength += y[i] * y[i];
  }
  return squaredLength;
}
