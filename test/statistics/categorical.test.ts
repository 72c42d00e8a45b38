import * as assert from "assert";
import fc from "fast-check";
import { CategoryFrequencies } from "../../transforms/statistics/categorical";
import { partitionPoint } from "../../transforms/statistics/partition_point";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";
import { uniformSource } from "./random_data";

/** n draws from Zipf(s) over categories "c1" … "c<size>": P(rank r) ∝ r^(−s), sampled by inverting the CDF. */
function zipfStream(n: number, size: number, s: number, seed: number): string[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= size; rank++) cumulative.push((total += rank ** -s));
  const uniform = uniformSource(seed);
  return Array.from({ length: n }, () => {
    const target = uniform() * total;
    return `c${partitionPoint(cumulative, (c) => c <= target) + 1}`;
  });
}

function trueCounts(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The Misra–Gries guarantee: each reported count c satisfies c ≤ true ≤ c + maxUndercount ≤ c + n/(k+1), and nothing with a true count above maxUndercount is missing. */
function assertWithinBound(summary: CategoryFrequencies, values: readonly string[]): void {
  const result = summary.result();
  assert.ok(result.maxUndercount <= values.length / (summary.capacity + 1));
  for (const [category, count] of trueCounts(values)) {
    const reported = result.frequencies[category] ?? 0;
    assert.ok(
      reported <= count && count <= reported + result.maxUndercount,
      `${category}: ${reported} vs ${count}`,
    );
  }
}

describe("category frequencies", () => {
  it("counts exactly within the capacity, with missing values apart and numbers under their string form", () => {
    const result = accumulate(
      () => new CategoryFrequencies(),
      ["b", "a", null, "b", 1, "1", "c", "a", "b"],
    ).result(2);
    assert.deepStrictEqual(result, {
      count: 8,
      missing: 1,
      exact: true,
      maxUndercount: 0,
      topK: [
        { value: "b", count: 3 },
        { value: "1", count: 2 },
      ],
      frequencies: { b: 3, 1: 2, a: 2, c: 1 },
    });
  });

  it("follows Misra–Gries by hand once the capacity is exceeded", () => {
    // Capacity 5 over aaaaa bbbb ccc dd e f g h i j: after "e" the counters are a5 b4 c3 d2 e1;
    // "f" finds no free counter, so all drop by one (a4 b3 c2 d1, e gone); "g" takes the free
    // counter; "h" drops all again (a3 b2 c1; d and g gone); "i" and "j" take free counters.
    // Tracked 3+2+1+1+1 = 8 of 20, so each count is short by at most (20 − 8)/(5 + 1) = 2.
    const result = accumulate(() => new CategoryFrequencies(5), [..."aaaaabbbbcccddefghij"]).result();
    assert.deepStrictEqual(result.frequencies, { a: 3, b: 2, c: 1, i: 1, j: 1 });
    assert.strictEqual(result.exact, false);
    assert.strictEqual(result.maxUndercount, 2);
  });

  it("keeps every count within n/(k+1) on a Zipf stream, and keeps every item above that", () => {
    const stream = zipfStream(100_000, 5000, 1.1, 7);
    const summary = accumulate(() => new CategoryFrequencies(100), stream);
    assert.strictEqual(summary.result().exact, false, "4589 categories must overflow 100 counters");
    assertWithinBound(summary, stream);
    const heavy = [...trueCounts(stream)].filter(([, count]) => count > stream.length / 101);
    assert.ok(heavy.length >= 10, "the stream should have frequent items to find");
    const frequencies = summary.result().frequencies;
    for (const [category] of heavy) assert.ok(category in frequencies, `${category} is missing`);
    assert.deepStrictEqual(
      summary.result(3).topK.map((item) => item.value),
      ["c1", "c2", "c3"],
    );
  });

  it("keeps the bound after merging a Zipf stream's parts (Agarwal et al.)", () => {
    const stream = zipfStream(60_000, 5000, 1.1, 11);
    const parts = [0, 1, 2, 3, 4, 5].map((i) => stream.slice(i * 10_000, (i + 1) * 10_000));
    const merged = accumulateInParts(() => new CategoryFrequencies(100), CategoryFrequencies.fromJSON, parts);
    assert.strictEqual(merged.result().exact, false);
    assertWithinBound(merged, stream);
  });

  it("merging equals a single pass while the categories fit the capacity", () => {
    const category = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom("a", "b", "c", "d", "e") },
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(category, { maxLength: 30 }), { maxLength: 6 }), (parts) => {
        const create = () => new CategoryFrequencies(5);
        const merged = accumulateInParts(create, CategoryFrequencies.fromJSON, parts);
        assert.deepStrictEqual(merged.result(), accumulate(create, parts.flat()).result());
      }),
    );
  });

  it("keeps the Misra–Gries bound through arbitrary merges beyond the capacity", () => {
    const category = fc.constantFrom(..."abcdefghij");
    fc.assert(
      fc.property(fc.array(fc.array(category, { maxLength: 40 }), { maxLength: 6 }), (parts) => {
        const merged = accumulateInParts(
          () => new CategoryFrequencies(3),
          CategoryFrequencies.fromJSON,
          parts,
        );
        assertWithinBound(merged, parts.flat());
      }),
    );
  });

  it("round-trips through JSON as compact [category, count] pairs", () => {
    const original = accumulate(() => new CategoryFrequencies(3), ["x", "y", "x", null, "z", "w", "x"]);
    assert.deepStrictEqual(original.toJSON(), { capacity: 3, count: 6, missing: 1, counters: [["x", 2]] });
    assert.deepStrictEqual(throughJson(original, CategoryFrequencies.fromJSON).result(), original.result());
  });

  it("refuses different capacities and invalid JSON", () => {
    assert.throws(
      () => new CategoryFrequencies(5).merge(new CategoryFrequencies(6)),
      /different capacity: 5 vs 6/,
    );
    const json = {
      capacity: 2,
      count: 3,
      missing: 0,
      counters: [
        ["a", 2],
        ["a", 1],
      ],
    };
    assert.throws(() => CategoryFrequencies.fromJSON(json), /a category appears twice/);
    assert.throws(() => CategoryFrequencies.fromJSON({ ...json, counters: [["a", 4]] }), /more than count/);
  });
});
