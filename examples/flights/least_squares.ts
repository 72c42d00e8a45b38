/**
 * Ordinary least squares: the β minimising Σᵢ (yᵢ − xᵢ·β)², found from the
 * normal equations (XᵀX) β = Xᵀy by Gaussian elimination with partial
 * pivoting. Fine for the handful of well-scaled columns of the example model;
 * `rows` must include a constant 1 column if an intercept is wanted.
 */
export function leastSquares(rows: number[][], targets: number[]): number[] {
  const width = rows[0].length;
  const normal = Array.from({ length: width }, () => new Array<number>(width + 1).fill(0));
  rows.forEach((row, r) => {
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) normal[i][j] += row[i] * row[j];
      normal[i][width] += row[i] * targets[r];
    }
  });
  for (let pivot = 0; pivot < width; pivot++) {
    let best = pivot;
    for (let r = pivot + 1; r < width; r++) {
      if (Math.abs(normal[r][pivot]) > Math.abs(normal[best][pivot])) best = r;
    }
    if (Math.abs(normal[best][pivot]) < 1e-12)
      throw new Error(`least squares: column ${pivot} is collinear with others`);
    [normal[pivot], normal[best]] = [normal[best], normal[pivot]];
    for (let r = 0; r < width; r++) {
      if (r === pivot) continue;
      const factor = normal[r][pivot] / normal[pivot][pivot];
      for (let c = pivot; c <= width; c++) normal[r][c] -= factor * normal[pivot][c];
    }
  }
  return normal.map((row, i) => row[width] / row[i]);
}
