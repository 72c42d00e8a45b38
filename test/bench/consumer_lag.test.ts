import * as assert from "assert";
import { consumerLag, leastSquaresSlope } from "../../bench/latency/consumer_lag";

describe("consumerLag", () => {
  it("takes, at each job sample, the producer's last acknowledged count minus what the job delivered", () => {
    // Sending from t = 10,000 ms to 14,000 ms at 1,000 records/s.
    const sent = [
      { atMs: 10_000, sent: 0 },
      { atMs: 11_000, sent: 1000 },
      { atMs: 12_000, sent: 2000 },
      { atMs: 13_000, sent: 3000 },
      { atMs: 14_000, sent: 4000 },
    ];
    // Before the sending (left out), then behind by 100, 300, 500, and ahead of the acknowledgements (0).
    const delivered = [
      { atMs: 9_500, delivered: 0 },
      { atMs: 11_500, delivered: 900 },
      { atMs: 12_500, delivered: 1700 },
      { atMs: 14_000, delivered: 3500 },
      { atMs: 14_600, delivered: 4100 },
    ];
    const lag = consumerLag(sent, delivered, { firstMs: 10_000, lastMs: 14_000 }, 1000);
    assert.deepStrictEqual(lag.samples, [
      { atSeconds: 1.5, lag: 100 },
      { atSeconds: 2.5, lag: 300 },
      { atSeconds: 4, lag: 500 },
      { atSeconds: 4.6, lag: 0 },
    ]);
    assert.strictEqual(lag.maxLag, 500);
    assert.strictEqual(lag.lagAtLastSend, 500);
    // Second half of the sending (t ≥ 2 s): (2.5, 300), (4, 500): slope 200 / 1.5 s.
    assert.ok(Math.abs(lag.growthPerSecond - 200 / 1.5) < 1e-9);
    // Delivered 3,500 − 0 over 4 s; growth 133/s ≥ 2 % of 1,000/s: not sustained.
    assert.strictEqual(lag.deliveredPerSecond, 875);
    assert.strictEqual(lag.sustained, false);
  });

  it("calls a rate not sustained when the sending ends on a plateau above a second of records", () => {
    const sent = [0, 1, 2, 3, 4].map((s) => ({ atMs: 1000 * s, sent: 1000 * s }));
    // Behind by 500, then 1,500 from the middle on: no growth in the second half, but 1.5 s of records.
    const delivered = [
      { atMs: 1000, delivered: 500 },
      { atMs: 2000, delivered: 500 },
      { atMs: 3000, delivered: 1500 },
      { atMs: 4000, delivered: 2500 },
    ];
    const lag = consumerLag(sent, delivered, { firstMs: 0, lastMs: 4000 }, 1000);
    assert.deepStrictEqual(
      lag.samples.map((sample) => sample.lag),
      [500, 1500, 1500, 1500],
    );
    assert.deepStrictEqual([lag.growthPerSecond, lag.lagAtLastSend, lag.sustained], [0, 1500, false]);
  });

  it("calls a rate sustained when the lag does not grow", () => {
    const sent = [0, 1, 2, 3, 4].map((s) => ({ atMs: 1000 * s, sent: 1000 * s }));
    const delivered = [0.5, 1.5, 2.5, 3.5].map((s) => ({ atMs: 1000 * s, delivered: 1000 * s - 450 }));
    const lag = consumerLag(sent, delivered, { firstMs: 0, lastMs: 4000 }, 1000);
    // At s + 0.5 s the producer had 1000·s acknowledged and the job 1000·s + 50 delivered: never behind.
    assert.deepStrictEqual(
      lag.samples.map((sample) => sample.lag),
      [0, 0, 0, 0],
    );
    assert.strictEqual(lag.growthPerSecond, 0);
    assert.strictEqual(lag.sustained, true);
  });
});

describe("leastSquaresSlope", () => {
  it("is the slope of the line through exact points, and 0 for fewer than two", () => {
    const line = [0, 1, 2, 3].map((t) => ({ atSeconds: t, lag: 7 + 3 * t }));
    assert.strictEqual(leastSquaresSlope(line), 3);
    // Points (0, 0), (1, 2), (2, 1), means 1 and 1: Σ(t − 1)(y − 1) / Σ(t − 1)² = (1 + 0 + 0) / 2 = 0.5.
    assert.strictEqual(
      leastSquaresSlope([
        { atSeconds: 0, lag: 0 },
        { atSeconds: 1, lag: 2 },
        { atSeconds: 2, lag: 1 },
      ]),
      0.5,
    );
    assert.strictEqual(leastSquaresSlope([{ atSeconds: 1, lag: 5 }]), 0);
  });
});
