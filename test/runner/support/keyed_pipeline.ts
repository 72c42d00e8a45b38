import * as beam from "apache-beam";
import * as combiners from "apache-beam/transforms/combiners";
import { combinePerKey, groupByKey } from "apache-beam/transforms/internal";
import type { Runner } from "apache-beam/runners/runner";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MarkedSource } from "../../../transforms/io/marked_source";
import { readSourceOnce } from "../../../transforms/io/sources/read_source_once";
import { type WindowSpecMs, windowingFor } from "../../../transforms/windowing/spec_windowing";
import type { RawEvent } from "../../../transforms/parse/raw_event";
import { type CollectedPane, collectPanes, readCollected } from "./collect_panes";

/** The events test scripts carry. */
export interface KeyedValue {
  key: string;
  value: number;
}

/** sum: lifted combinePerKey(sum); values: GroupByKey, values sorted. */
export type Aggregate = "sum" | "values";

export interface KeyedRun {
  panes: CollectedPane[];
  counters: Record<string, number>;
}

/**
 * testStream events {key, value} → windowingFor(window) → per-key sum or
 * value list → collected panes, on `runner`. The shape every runner test
 * uses, so the scenario table and the stock-runner comparison run the same
 * pipeline.
 */
export async function runKeyedPipeline(
  runner: Runner,
  scriptFile: string,
  window: WindowSpecMs,
  aggregate: Aggregate,
  out = path.join(temporaryDirectory(), "panes.jsonl"),
): Promise<KeyedRun> {
  const source = { kind: "testStream" as const, path: scriptFile };
  const { windowing, windowShiftMs } = windowingFor<beam.KV<string, number>>(window);
  const result = await runner.run((root) => {
    const windowed = root
      .apply(new MarkedSource<RawEvent>(source, readSourceOnce(source)))
      .map(beam.withName("keyedValue", (raw: RawEvent) => JSON.parse(raw.value) as KeyedValue))
      .apply(windowing);
    const aggregated =
      aggregate === "sum"
        ? windowed.apply(combinePerKey(combiners.sum))
        : windowed.apply(groupByKey()).map(
            beam.withName("sortValues", (kv: beam.KV<string, Iterable<number>>) => ({
              key: kv.key,
              value: [...kv.value].sort((a, b) => a - b),
            })),
          );
    aggregated.apply(collectPanes(out, windowShiftMs));
  });
  return { panes: readCollected(out), counters: await result.counters() };
}

export function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "runner-test-"));
}
