import * as assert from "assert";
import { fitDelayModel, predictDelay } from "../../examples/flights/delay_model";
import { flightsBetween, loadFlights } from "../../examples/flights/flights";

describe("flight-delay example model", () => {
  const january = flightsBetween(loadFlights(), Date.UTC(2001, 0, 1), Date.UTC(2001, 1, 1));
  const model = fitDelayModel(january);

  it("target-encodes airports as their mean delay shrunk towards the overall mean", () => {
    // Reference values from Python over flights-20k.json's January rows: overall mean 44647/6937;
    // ORD as origin: 366 flights, Σ delay 2218 → (2218 + 20·6.43607) / 386;
    // HNL as destination: 39 flights, Σ delay −104 → (−104 + 20·6.43607) / 59.
    assert.strictEqual(model.overallMeanDelay.toFixed(6), "6.436067");
    assert.strictEqual(model.originDelay.ORD.toFixed(6), "6.079589");
    assert.strictEqual(model.destinationDelay.HNL.toFixed(6), "0.419006");
  });

  it("has zero mean residual on its training data, as least squares with an intercept must", () => {
    const meanPrediction = january.reduce((sum, f) => sum + predictDelay(model, f), 0) / january.length;
    // Predictions are rounded to 0.01 min, so the means agree to within 0.005.
    assert.ok(Math.abs(meanPrediction - model.overallMeanDelay) < 0.005, `${meanPrediction}`);
  });

  it("scores an unseen airport with the overall mean as its encoding", () => {
    const known = {
      departureMs: Date.UTC(2001, 1, 1, 9),
      delay: 0,
      distance: 500,
      origin: "ORD",
      destination: "HNL",
    };
    const unseen = { ...known, destination: "XXX" };
    // Only the destination term changes: β₄ · (overall mean − HNL's encoding).
    const expectedShift = model.coefficients[4] * (model.overallMeanDelay - model.destinationDelay.HNL);
    assert.ok(Math.abs(predictDelay(model, unseen) - predictDelay(model, known) - expectedShift) <= 0.01);
  });
});
