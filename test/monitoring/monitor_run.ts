import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { monitorPipeline } from "../../pipelines/monitor";
import { type MonitorSpec, RESULT_KINDS, ResultKind } from "../../pipelines/spec/schema";
import { BaselineProfile, baselineProfileToJson } from "../../transforms/baseline/baseline_profile";
import { Histogram, KllSketch, Moments } from "../../transforms/statistics";
import { prepareFileSink, resultFile } from "../../transforms/io/result_sink";

/** Runs the monitoring pipeline on the event-time runner and returns what it wrote, by result kind. */
export async function monitorResults(
  spec: MonitorSpec,
): Promise<Record<ResultKind, Record<string, unknown>[]>> {
  const sink = spec.sinks[0];
  if (sink.kind !== "file") throw new Error("test specs write to a file sink");
  prepareFileSink(sink.dir, RESULT_KINDS);
  await eventTimeDirectRunner().run(monitorPipeline(spec));
  const read = (kind: ResultKind) =>
    fs
      .readFileSync(resultFile(sink.dir, kind), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return Object.fromEntries(RESULT_KINDS.map((kind) => [kind, read(kind)])) as Record<
    ResultKind,
    Record<string, unknown>[]
  >;
}

/** A numerical feature's baseline accumulators over `values`, its histogram on `edges`. */
export function numericalBaseline(values: number[], edges: number[]) {
  const moments = new Moments();
  const quantiles = new KllSketch();
  const histogram = new Histogram(edges);
  for (const value of values) {
    moments.add(value);
    quantiles.add(value);
    histogram.add(value);
  }
  return { type: "numerical" as const, moments, quantiles, histogram, edgesRule: "test" };
}

/**
 * The baseline the scripted monitoring tests share: a feature `x` and a prediction `p`, each the
 * values 1..10 with histogram edges 0, 5, 10; written into `dir`, its path returned.
 */
export function writeOneToTenProfile(dir: string): string {
  const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);
  return writeProfile(dir, {
    x: numericalBaseline(oneToTen, [0, 5, 10]),
    p: numericalBaseline(oneToTen, [0, 5, 10]),
  });
}

/** Writes a profile as the baseline job would, into `dir`; returns its path. */
export function writeProfile(dir: string, features: BaselineProfile["features"]): string {
  const file = path.join(dir, "baseline.json");
  const profile: BaselineProfile = {
    model: "m",
    createdAt: "2026-01-01T00:00:00.000Z",
    source: { data: "test", rows: 10, badRows: 0 },
    features,
  };
  fs.writeFileSync(file, JSON.stringify(baselineProfileToJson(profile)));
  return file;
}
