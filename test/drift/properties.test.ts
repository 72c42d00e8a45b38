import * as assert from "assert";
import fc from "fast-check";
import { chi2 } from "../../transforms/drift/chi2";
import { AlignedCounts } from "../../transforms/drift/distributions";
import { DriftResult } from "../../transforms/drift/drift_result";
import { hellinger } from "../../transforms/drift/hellinger";
import { jensenShannon } from "../../transforms/drift/jensen_shannon";
import { kl } from "../../transforms/drift/kl";
import { lInfinity } from "../../transforms/drift/l_infinity";
import { psi } from "../../transforms/drift/psi";
import { assertClose } from "../statistics/assert_close";
import { counts } from "./inputs";

/** Two count vectors of one length (1–12 outcomes), each with a positive total. */
const countPair = fc
  .integer({ min: 1, max: 12 })
  .chain((length) =>
    fc.tuple(
      fc.array(fc.nat({ max: 60 }), { minLength: length, maxLength: length }),
      fc.array(fc.nat({ max: 60 }), { minLength: length, maxLength: length }),
    ),
  )
  .filter(([a, b]) => a.some((x) => x > 0) && b.some((x) => x > 0))
  .map(([a, b]) => counts(a, b));

const swapped = (aligned: AlignedCounts): AlignedCounts => ({
  outcomes: aligned.outcomes,
  baseline: aligned.current,
  current: aligned.baseline,
});

const metrics: {
  name: string;
  compute: (aligned: AlignedCounts) => DriftResult;
  symmetric: boolean;
  max: number;
}[] = [
  { name: "KL", compute: (aligned) => kl(aligned), symmetric: false, max: Infinity },
  { name: "PSI", compute: (aligned) => psi(aligned), symmetric: true, max: Infinity },
  { name: "Jensen–Shannon", compute: jensenShannon, symmetric: true, max: 1 },
  { name: "Hellinger", compute: hellinger, symmetric: true, max: 1 },
  { name: "L∞", compute: lInfinity, symmetric: true, max: 1 },
  { name: "χ² statistic", compute: chi2, symmetric: true, max: Infinity },
];

describe("properties of the count-vector metrics", () => {
  for (const { name, compute, symmetric, max } of metrics) {
    it(`${name}: 0 on identical counts, ≥ 0, ≤ ${max}${symmetric ? ", symmetric" : ""}`, () => {
      fc.assert(
        fc.property(countPair, (aligned) => {
          assert.strictEqual(compute(counts([...aligned.baseline], [...aligned.baseline])).value, 0);
          const { value } = compute(aligned);
          assert.ok(value >= 0 && value <= max, `${value}`);
          if (symmetric) assertClose(compute(swapped(aligned)).value, value, 1e-12);
        }),
      );
    });
  }

  it("KL is not symmetric (so the property above is not vacuous)", () => {
    assert.notStrictEqual(kl(counts([3, 1], [2, 2])).value, kl(counts([2, 2], [3, 1])).value);
  });

  it("JS, Hellinger and L∞ depend on proportions only; χ²'s p-value lies in (0, 1]", () => {
    fc.assert(
      fc.property(countPair, fc.integer({ min: 2, max: 9 }), (aligned, factor) => {
        const scaled = counts(
          [...aligned.baseline],
          aligned.current.map((count) => count * factor),
        );
        for (const compute of [jensenShannon, hellinger, lInfinity]) {
          assertClose(compute(scaled).value, compute(aligned).value, 1e-12);
        }
        const { pValue } = chi2(aligned);
        assert.ok(pValue > 0 && pValue <= 1, `${pValue}`);
      }),
    );
  });
});
