import * as fs from "fs";
import * as path from "path";
import { DelayModel, fitDelayModel, predictDelay } from "./delay_model";
import { FEATURE_COLUMNS, featureRow } from "./feature_row";
import { Flight, flightsBetween, loadFlights } from "./flights";
import { inferenceExchanges, kafkaRecordsInDeliveryOrder } from "./inference_log";
import { delayTable, summarizeDelays } from "./period_report";

/**
 * Builds the flights example from the real 2001 flight records: January is
 * the training (baseline) period, February the serving period. Run with
 * `node dist/examples/flights/make_logs.js [outputDir]`.
 */

const DAY_MS = 86_400_000;
export const TRAINING_START_MS = Date.UTC(2001, 0, 1);
export const SERVING_START_MS = Date.UTC(2001, 1, 1);
export const SERVING_END_MS = Date.UTC(2001, 2, 1);
/** Seed of every random choice in the log (batching, latencies, late deliveries, ids). */
export const LOG_SEED = 20010201;

export const TRAINING_CSV = "training.csv";
export const INFERENCE_LOG = "inference_log.jsonl";

export interface FlightsExample {
  training: Flight[];
  serving: Flight[];
  model: DelayModel;
  requests: number;
}

function trainingCsv(training: Flight[], model: DelayModel): string {
  const header = [...FEATURE_COLUMNS, "predicted_delay"].join(",");
  const rows = training.map((flight) => [...featureRow(flight), predictDelay(model, flight)].join(","));
  return [header, ...rows].join("\n") + "\n";
}

/** Writes training.csv and inference_log.jsonl into `outputDir`; the same bytes on every run. */
export function writeFlightsExample(outputDir: string): FlightsExample {
  const flights = loadFlights();
  const training = flightsBetween(flights, TRAINING_START_MS, SERVING_START_MS);
  const serving = flightsBetween(flights, SERVING_START_MS, SERVING_END_MS);
  const model = fitDelayModel(training);
  const exchanges = inferenceExchanges(serving, model, SERVING_START_MS, LOG_SEED);
  const records = kafkaRecordsInDeliveryOrder(exchanges);
  fs.mkdirSync(outputDir, { recursive: true });
  fs.writeFileSync(path.join(outputDir, TRAINING_CSV), trainingCsv(training, model));
  fs.writeFileSync(
    path.join(outputDir, INFERENCE_LOG),
    records.map((record) => JSON.stringify(record)).join("\n") + "\n",
  );
  return { training, serving, model, requests: exchanges.length };
}

/** The measured difference between the periods: the serving period week by week, and at the busiest airports. */
function report(example: FlightsExample): string {
  const { training, serving, model } = example;
  const weeks = [0, 7, 14, 21].map((firstDay) => {
    const startMs = SERVING_START_MS + firstDay * DAY_MS;
    const week = flightsBetween(serving, startMs, startMs + 7 * DAY_MS);
    return {
      label: `serving: Feb ${firstDay + 1}-${firstDay + 7}`,
      summary: summarizeDelays(week, training, model),
    };
  });
  const busiestOrigins = [...new Set(training.map((f) => f.origin))]
    .map((origin) => ({ origin, flights: training.filter((f) => f.origin === origin).length }))
    .sort((a, b) => b.flights - a.flights)
    .slice(0, 5);
  const byOrigin = busiestOrigins.flatMap(({ origin }) => {
    const baseline = training.filter((f) => f.origin === origin);
    const later = serving.filter((f) => f.origin === origin);
    return [
      { label: `from ${origin}, January`, summary: summarizeDelays(baseline, baseline, model) },
      { label: `from ${origin}, February`, summary: summarizeDelays(later, baseline, model) },
    ];
  });
  const c = model.coefficients.map((x) => x.toFixed(3));
  return [
    `model: predicted_delay = ${c[0]} + ${c[1]}*distance/1000 + ${c[2]}*departure_hour` +
      ` + ${c[3]}*originDelay + ${c[4]}*destinationDelay`,
    "",
    "arrival delay in minutes; t: Student's two-sample t statistic of the mean against January",
    "(all of January in the first table, the same origin's January in the second); predicted: mean predicted_delay",
    delayTable([
      { label: "baseline: January", summary: summarizeDelays(training, training, model) },
      { label: "serving: February", summary: summarizeDelays(serving, training, model) },
      ...weeks,
    ]),
    "",
    delayTable(byOrigin),
  ].join("\n");
}

if (require.main === module) {
  const outputDir = process.argv[2] ?? path.resolve(__dirname, "../../../examples/flights");
  const example = writeFlightsExample(outputDir);
  console.log(
    `wrote ${example.training.length} training flights to ${TRAINING_CSV} and ` +
      `${example.serving.length} serving flights in ${example.requests} requests to ${INFERENCE_LOG} (in ${outputDir})\n`,
  );
  console.log(report(example));
}
