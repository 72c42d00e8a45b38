/**
 * The Kolmogorov distribution's upper tail, Q(λ) = P(K > λ), the limit of
 * P(√n·D_n > λ) (Kolmogorov 1933; Smirnov 1948), by two series that each
 * converge within a few terms on their side of λ = 1.18 (Numerical Recipes,
 * 3rd ed., §6.14.12):
 *   Q(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2 j² λ²}                       for λ ≥ 1.18,
 *   Q(λ) = 1 − (√(2π)/λ) Σ_{j≥1} e^{−(2j−1)² π² / (8 λ²)}          for λ < 1.18.
 * The first is summed directly, so small p-values keep their relative precision.
 * No maintained npm package offers this distribution (stdlib's kstest is the
 * one-sample exact test), hence these few lines.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    let sum = 0;
    for (let j = 1; j <= 20; j++) {
      const term = Math.exp((-((2 * j - 1) ** 2) * Math.PI ** 2) / (8 * lambda * lambda));
      sum += term;
      if (term <= 1e-17 * sum) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  for (let j = 1; j <= 20; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term <= 1e-17 * sum) break;
  }
  return Math.min(1, 2 * sum);
}
