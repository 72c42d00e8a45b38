import "apache-beam";
import { Context, type Coder, globalRegistry } from "apache-beam/coders/coders";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import type { Reader, Writer } from "protobufjs";
import {
  CategoryFrequencies,
  CoMoments,
  FeatureStatistics,
  Histogram,
  HyperLogLog,
  KllSketch,
  Moments,
} from "..";

/** The accumulator classes a combine may carry between workers, by the name their coder records. */
const ACCUMULATOR_CLASSES = {
  moments: Moments,
  quantiles: KllSketch,
  histogram: Histogram,
  frequencies: CategoryFrequencies,
  distinct: HyperLogLog,
  coMoments: CoMoments,
  featureStatistics: FeatureStatistics,
};
export type AccumulatorClassName = keyof typeof ACCUMULATOR_CLASSES;

export const ACCUMULATOR_CODER_URN = "beam:coder:beam-model-monitor:json-accumulator:v1";

/**
 * Encodes an accumulator as its JSON form and decodes it with its class's
 * `fromJSON`. Beam's default object coder (BSON) would hand the merging
 * worker a plain object without the class's methods. The payload names the
 * class, so any worker that imports this module can rebuild the coder from
 * the pipeline proto.
 */
export class AccumulatorCoder<A extends { toJSON(): unknown }> implements Coder<A> {
  constructor(readonly className: AccumulatorClassName) {}

  encode(accumulator: A, writer: Writer, _context: Context): void {
    writer.string(JSON.stringify(accumulator));
  }

  decode(reader: Reader, _context: Context): A {
    return ACCUMULATOR_CLASSES[this.className].fromJSON(JSON.parse(reader.string())) as unknown as A;
  }

  toProto(): runnerApi.Coder {
    return {
      spec: { urn: ACCUMULATOR_CODER_URN, payload: new TextEncoder().encode(this.className) },
      componentCoderIds: [],
    };
  }
}

globalRegistry().registerConstructor(ACCUMULATOR_CODER_URN, (payload: unknown) => {
  const className = new TextDecoder().decode(payload as Uint8Array);
  if (!(className in ACCUMULATOR_CLASSES)) throw new Error(`no accumulator class "${className}" to decode`);
  return new AccumulatorCoder(className as AccumulatorClassName);
});
