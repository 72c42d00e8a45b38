// The SDK index first: some of its subpath modules import each other circularly.
import * as beam from "apache-beam";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { Struct } from "apache-beam/proto/google/protobuf/struct";
import { spawn } from "child_process";
import { FixedWindowsPayload, SlidingWindowsPayload } from "apache-beam/proto/standard_window_fns";
import { requireForSerialization } from "apache-beam/serialization";
import { monitorPipeline } from "../../pipelines/monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { RESULT_KINDS, type SourceSpec } from "../../pipelines/spec/schema";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { MarkedSource } from "../../transforms/io/marked_source";
import { readSourceOnce } from "../../transforms/io/sources/read_source_once";
import { pipelineProto } from "../../runners/portable/pipeline_proto";
import { prepareFileSink } from "../../transforms/io/result_sink";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { type ExpansionService, EXPANSION_SERVICE_MAIN } from "../../runners/portable/expansion_service";
import { kafkaRecordsClasspath } from "../../runners/portable/kafka_records_classpath";
import { freeLoopbackPort } from "../../runners/portable/free_loopback_port";
import { KAFKA_READ_RECORDS_URN } from "../../transforms/io/kafka_xlang/read_kafka_records";
import { startRealExpansionService } from "../support/java_kafka_records";
import { FakeJobService } from "./fake_job_service";
import { RECORDED_LOG, writeFlightsVariant } from "./flights_variant";
import { modelMonitor } from "./model_monitor_cli";
import * as recordedKafkaRecord from "./recorded_kafka_record";
import { kafkaReadId, withKafkaReadReplaced } from "./replace_kafka_read";
import { assertClose } from "../statistics/assert_close";
import { writtenResults } from "./written_results";

// The test source's DoFn reaches TextEncoder through this module.
requireForSerialization("beam-model-monitor/test/portable/recorded_kafka_record", recordedKafkaRecord);

const EXAMPLE_SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
const WORKER_POOL = "flink-tm:50000";
const TOPIC = "inference-log";
const PASSWORD = "kafka-s3cret";

const windowing = (pipeline: runnerApi.Pipeline) => pipeline.components!.windowingStrategies;

/**
 * The windowing strategies of the inputs of the pipeline's combines
 * (statistics, correlation, outlier counts): the records windowed as the spec
 * says. Drift and alerts group those results again, in windowings of their
 * own (late firings never; sliding pairs of windows for consecutive alerts).
 */
function combinedWindowings(pipeline: runnerApi.Pipeline): runnerApi.WindowingStrategy[] {
  const { transforms, pcollections } = pipeline.components!;
  return Object.values(transforms)
    .filter((t) => t.spec?.urn === "beam:transform:combine_per_key:v1")
    .map((t) => windowing(pipeline)[pcollections[Object.values(t.inputs)[0]].windowingStrategyId]);
}

/** Seconds as a google.protobuf.Duration / Timestamp in a window fn payload. */
const seconds = (s: number) => ({ seconds: BigInt(s), nanos: 0 });

interface SpecWindow {
  sizeS: number;
  slideS?: number;
  watermarkDelayS: number;
  allowedLatenessS: number;
  earlyFiringEveryS?: number;
}

/**
 * The windowing strategy a spec's `window` must give (runners/direct/README.md,
 * "The watermark delay"): windows offset by the delay d (mod the period), the
 * event-time firing AfterWatermark with early firings AfterProcessingTime(+every)
 * and, with allowed lateness L, a late firing per element; accumulating;
 * EMIT_ALWAYS / FIRE_ALWAYS; end-of-window output time; lateness L.
 */
function expectedWindowing(window: SpecWindow, workerEnvironmentId: string) {
  const period = window.slideS ?? window.sizeS;
  const offset = seconds(window.watermarkDelayS % period);
  const windowFn =
    window.slideS === undefined
      ? { urn: "beam:window_fn:fixed_windows:v1", payload: { size: seconds(window.sizeS), offset } }
      : {
          urn: "beam:window_fn:sliding_windows:v1",
          payload: { size: seconds(window.sizeS), period: seconds(window.slideS), offset },
        };
  const early: runnerApi.Trigger | undefined =
    window.earlyFiringEveryS === undefined
      ? undefined
      : {
          trigger: {
            oneofKind: "afterProcessingTime",
            afterProcessingTime: {
              timestampTransforms: [
                {
                  timestampTransform: {
                    oneofKind: "delay",
                    delay: { delayMillis: BigInt(window.earlyFiringEveryS * 1000) },
                  },
                },
              ],
            },
          },
        };
  const late: runnerApi.Trigger | undefined =
    window.allowedLatenessS === 0
      ? undefined
      : { trigger: { oneofKind: "elementCount", elementCount: { elementCount: 1 } } };
  const strategy: Partial<runnerApi.WindowingStrategy> = {
    mergeStatus: runnerApi.MergeStatus_Enum.NON_MERGING,
    trigger: {
      trigger: {
        oneofKind: "afterEndOfWindow",
        // A decoded proto has no key for an unset trigger.
        afterEndOfWindow: { ...(early && { earlyFirings: early }), ...(late && { lateFirings: late }) },
      },
    },
    accumulationMode: runnerApi.AccumulationMode_Enum.ACCUMULATING,
    outputTime: runnerApi.OutputTime_Enum.END_OF_WINDOW,
    closingBehavior: runnerApi.ClosingBehavior_Enum.EMIT_ALWAYS,
    onTimeBehavior: runnerApi.OnTimeBehavior_Enum.FIRE_ALWAYS,
    allowedLateness: BigInt(window.allowedLatenessS * 1000),
    environmentId: workerEnvironmentId,
  };
  return { windowFn, strategy };
}

function assertWindowing(pipeline: runnerApi.Pipeline, window: SpecWindow): void {
  const environments = pipeline.components!.environments;
  const workerEnvironment = Object.keys(environments).find(
    (id) => environments[id].urn === "beam:env:external:v1",
  )!;
  const expected = expectedWindowing(window, workerEnvironment);
  const strategies = combinedWindowings(pipeline);
  assert.strictEqual(strategies.length, 3);
  for (const strategy of strategies) {
    const { windowFn, windowCoderId, assignsToOneWindow: _oneWindow, ...rest } = strategy;
    assert.deepStrictEqual(rest, expected.strategy);
    assert.strictEqual(windowFn!.urn, expected.windowFn.urn);
    const payload =
      window.slideS === undefined
        ? FixedWindowsPayload.fromBinary(windowFn!.payload)
        : SlidingWindowsPayload.fromBinary(windowFn!.payload);
    assert.deepStrictEqual(payload, expected.windowFn.payload);
    assert.strictEqual(pipeline.components!.coders[windowCoderId].spec!.urn, "beam:coder:interval_window:v1");
  }
}

function assertLiftedCombines(pipeline: runnerApi.Pipeline): void {
  const { transforms, coders } = pipeline.components!;
  const combines = Object.values(transforms).filter(
    (t) => t.spec?.urn === "beam:transform:combine_per_key:v1",
  );
  assert.strictEqual(combines.length, 3); // statistics, correlation, outlier counts
  for (const combine of combines) {
    const payload = runnerApi.CombinePayload.fromBinary(combine.spec!.payload);
    assert.strictEqual(payload.combineFn!.urn, "beam:dofn:serialized_js_combinefn_info:v1");
    assert.ok(payload.accumulatorCoderId in coders, `${combine.uniqueName}: no accumulator coder`);
    assert.deepStrictEqual(
      combine.subtransforms.map((id) => transforms[id].spec!.urn),
      [
        "beam:transform:combine_per_key_precombine:v1",
        "beam:transform:group_by_key:v1",
        "beam:transform:combine_per_key_merge_accumulators:v1",
        "beam:transform:combine_per_key_extract_outputs:v1",
      ],
    );
  }
}

function assertWorkerPoolEnvironment(pipeline: runnerApi.Pipeline, options: Record<string, unknown>): void {
  assert.strictEqual(options["beam:option:environment_type:v1"], "EXTERNAL");
  assert.strictEqual(options["beam:option:environment_config:v1"], WORKER_POOL);
  const external = Object.values(pipeline.components!.environments).filter(
    (e) => e.urn === "beam:env:external:v1",
  );
  assert.strictEqual(external.length, 1);
  assert.strictEqual(runnerApi.ExternalPayload.fromBinary(external[0].payload).endpoint!.url, WORKER_POOL);
}

/** The display data items of a transform, by key (Java's DisplayData, as the expansion service translates it). */
function displayData(transform: runnerApi.PTransform): Record<string, unknown> {
  return Object.fromEntries(
    transform.displayData.map((item) => {
      const labelled = runnerApi.LabelledPayload.fromBinary(item.payload);
      const value = labelled.value;
      return [
        labelled.key,
        value.oneofKind === undefined ? undefined : (value as Record<string, unknown>)[value.oneofKind],
      ];
    }),
  );
}

/** The pids of our expansion services (Beam's ExpansionService on java/kafka-records' classpath) running now. */
function ourExpansionServicePids(): Set<number> {
  const module = kafkaRecordsClasspath()[0];
  return new Set(
    fs
      .readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
          return commandLine.includes(EXPANSION_SERVICE_MAIN) && commandLine.includes(module);
        } catch {
          return false; // ended meanwhile
        }
      })
      .map(Number),
  );
}

describe("submit --runner flink: the contract with the Job API (fake) and our expansion service (real)", function () {
  this.timeout(180_000);
  let jobService: FakeJobService;
  let expansionService: ExpansionService;
  before(async () => {
    expansionService = await startRealExpansionService("flink");
  });
  after(() => expansionService.stop());
  beforeEach(async () => {
    jobService = new FakeJobService("job-1", [JobState_Enum.RUNNING]);
    await jobService.start();
    process.env.TEST_KAFKA_PASSWORD = PASSWORD; // the child process inherits it
  });
  afterEach(() => {
    jobService.stop();
    delete process.env.TEST_KAFKA_PASSWORD;
  });

  /** `model-monitor submit` of a spec to the fake Job API, with the worker pool. */
  const submitSpec = (specFile: string, ...moreArgs: string[]) =>
    modelMonitor(
      "submit",
      specFile,
      "--job-endpoint",
      jobService.endpoint,
      "--worker-pool",
      WORKER_POOL,
      ...moreArgs,
    );

  const submit = async (specFile: string, ...moreArgs: string[]) => {
    const run = await submitSpec(specFile, "--expansion-service", expansionService.address, ...moreArgs);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, "job-1\n");
    assert.strictEqual(jobService.prepared.length, 1);
    const request = jobService.prepared[0];
    return {
      pipeline: request.pipeline!,
      options: Struct.toJson(request.pipelineOptions!) as Record<string, unknown>,
    };
  };

  it("flights example: windowing as the spec says, EXTERNAL workers, lifted combines, no expansion", async () => {
    const example = fs.readFileSync(EXAMPLE_SPEC, "utf8");
    // The numbers expectedWindowing is given below, as the example spec states them.
    for (const line of ["size: 60s", "watermarkDelay: 6s", "allowedLateness: 10s"])
      assert.ok(example.includes(`  ${line}`), `the example no longer says ${line}`);
    const { pipeline, options } = await submit(EXAMPLE_SPEC);
    assertWindowing(pipeline, { sizeS: 60, watermarkDelayS: 6, allowedLatenessS: 10 });
    assertWorkerPoolEnvironment(pipeline, options);
    assertLiftedCombines(pipeline);
    assert.strictEqual(options["beam:option:streaming:v1"], false);
    assert.strictEqual(options["beam:option:finish_bundle_before_checkpointing:v1"], undefined);
  });

  it("kafka variant: our read as Java expands it (KafkaIO's UnboundedSource read, auto-commit off), its bytes into our steps", async () => {
    const window = {
      size: "60s",
      slide: "20s",
      watermarkDelay: "26s",
      allowedLateness: "10s",
      earlyFiringEvery: "5s",
    };
    const { specFile } = writeFlightsVariant({
      window,
      source: {
        kind: "kafka",
        brokers: ["kafka-0:9093", "kafka-1:9093"],
        topic: TOPIC,
        groupId: "model-monitor",
        startFrom: "latest",
        ssl: true,
        sasl: { mechanism: "scram-sha-256", username: "monitor", passwordEnv: "TEST_KAFKA_PASSWORD" },
      },
    });
    const { pipeline, options } = await submit(specFile);

    // Java's expansion: KafkaIO's UnboundedSource read (a primitive Read Flink runs in its own source
    // operator), then our RecordBytes step in the EMBEDDED Java environment, its output plain bytes.
    const { transforms, pcollections, coders, environments } = pipeline.components!;
    const readId = kafkaReadId(pipeline);
    const inside = (id: string): string[] => [id, ...transforms[id].subtransforms.flatMap(inside)];
    const java = inside(readId).map((id) => transforms[id]);
    const primitives = java.filter((t) => t.subtransforms.length === 0);
    assert.deepStrictEqual(
      primitives.map((t) => [t.spec!.urn, t.environmentId === "" ? "" : environments[t.environmentId].urn]),
      [
        ["beam:transform:read:v1", ""],
        ["beam:transform:pardo:v1", "EMBEDDED"],
      ],
    );
    assert.match(
      primitives[0].uniqueName,
      /\/KafkaIO\/KafkaIO\.Read\.ReadFromKafkaViaUnbounded\/Read\(KafkaUnboundedSource\)$/,
    );
    const bytesId = Object.values(transforms[readId].outputs)[0];
    assert.deepStrictEqual(Object.values(primitives[1].outputs), [bytesId]);
    assert.strictEqual(coders[pcollections[bytesId].coderId].spec!.urn, "beam:coder:bytes:v1");
    // Only our read's jar is staged: the job server runs the Java steps with java/kafka-records' classpath.
    assert.strictEqual(environments[primitives[1].environmentId].dependencies.length, 1);
    // KafkaIO's consumer configuration as Java built it: the spec's, and never Kafka's auto-commit.
    const kafkaIO = java.find((t) => t.uniqueName.endsWith("/KafkaIO"))!;
    assert.deepStrictEqual(displayData(kafkaIO), {
      topics: TOPIC,
      "bootstrap.servers": "kafka-0:9093,kafka-1:9093",
      "group.id": "model-monitor",
      "auto.offset.reset": "latest",
      "session.timeout.ms": "30000", // the spec's default, 30 s
      "security.protocol": "SASL_SSL",
      "sasl.mechanism": "SCRAM-SHA-256",
      "sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="monitor" password="${PASSWORD}";`,
      "enable.auto.commit": false,
      "receive.buffer.bytes": 524288n, // KafkaIO's own default
    });
    const consumers = Object.values(transforms).filter((t) => Object.values(t.inputs).includes(bytesId));
    assert.deepStrictEqual(
      consumers.map((t) => [t.spec?.urn, environments[t.environmentId].urn]),
      [["beam:transform:pardo:v1", "beam:env:external:v1"]],
    );
    assert.strictEqual(options["beam:option:streaming:v1"], true); // KafkaIO's output is unbounded
    // FlinkPipelineOptions.checkpointingInterval (ms), submit's default for a streaming job.
    assert.strictEqual(options["beam:option:checkpointing_interval:v1"], 60_000);
    assert.strictEqual(options["beam:option:finish_bundle_before_checkpointing:v1"], true);

    // slide 20 s: the 26 s delay shifts windows by 26 mod 20 = 6 s.
    assertWindowing(pipeline, {
      sizeS: 60,
      slideS: 20,
      watermarkDelayS: 26,
      allowedLatenessS: 10,
      earlyFiringEveryS: 5,
    });
    assertWorkerPoolEnvironment(pipeline, options);
    assertLiftedCombines(pipeline);
  });

  it("sends --checkpointing-interval as Flink's checkpointing_interval option of the streaming job", async () => {
    const { specFile } = writeFlightsVariant({
      source: { kind: "kafka", brokers: "kafka:9092", topic: TOPIC, groupId: "g" },
    });
    const { options } = await submit(specFile, "--checkpointing-interval", "15000");
    assert.strictEqual(options["beam:option:checkpointing_interval:v1"], 15_000);
    assert.strictEqual(options["beam:option:streaming:v1"], true);
  });

  it("the submitted kafka pipeline, its read replaced by the same records as bytes, gives the direct runner's results", async () => {
    // The recording is one partition of the topic as kcat printed it: line n is offset n − 1, keys null.
    const lines = fs
      .readFileSync(RECORDED_LOG, "utf8")
      .split("\n")
      .filter((line) => line !== "");
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as { topic: string; partition: number; offset: number; key: unknown };
      assert.deepStrictEqual(
        [record.topic, record.partition, record.offset, record.key],
        [TOPIC, 0, index, null],
      );
    });
    // An exact KLL sketch (k above any window's 249 instances): quantiles independent of merge order.
    const statistics = { quantileSketchK: 4096 };
    const recording: SourceSpec = { kind: "file", path: RECORDED_LOG, replaySpeed: 0 };
    const onKafka = writeFlightsVariant({
      statistics,
      source: { kind: "kafka", brokers: "kafka:9092", topic: TOPIC, groupId: "model-monitor" },
    });
    const submitted = (await submit(onKafka.specFile)).pipeline;

    const replayed = await pipelineProto((root) => {
      root
        .apply(new MarkedSource<RawEvent>(recording, readSourceOnce(recording), "recordedTopic"))
        .map(
          beam.withName("kafkaRecordBytes", (event: RawEvent) =>
            recordedKafkaRecord.kafkaRecordBytesOfRecordedEvent(event, "inference-log"),
          ),
        );
    });
    prepareFileSink(onKafka.outDir, RESULT_KINDS);
    const run = await eventTimeDirectRunner().runPipeline(withKafkaReadReplaced(submitted, replayed));
    assert.strictEqual(await run.waitUntilFinish(), JobState_Enum.DONE);

    const direct = writeFlightsVariant({ statistics, source: recording });
    prepareFileSink(direct.outDir, RESULT_KINDS);
    await eventTimeDirectRunner().run(monitorPipeline(loadSpec(direct.specFile)));

    const expected = writtenResults(direct.outDir);
    const actual = writtenResults(onKafka.outDir);
    // 28 days × (6 monitored features + correlation) × (on-time pane + closing late pane).
    assert.strictEqual(expected.statistics.length, 28 * 7 * 2);
    for (const kind of ["outlier", "drift", "alert"])
      assert.ok(expected[kind].length > 0, `no ${kind} results`);
    assert.strictEqual(expected.deadletter.length, 0);
    assertClose(actual, expected);
  });

  it("without --expansion-service starts ours from java/kafka-records' classpath, expands through it, and stops it", async () => {
    const { specFile } = writeFlightsVariant({
      source: { kind: "kafka", brokers: "kafka:9092", topic: TOPIC, groupId: "g" },
    });
    const before = ourExpansionServicePids();
    const run = await submitSpec(specFile);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, "job-1\n"); // the job id alone, for scripts: the JVM's output is not on stdout
    kafkaReadId(jobService.prepared[0].pipeline!);
    const left = [...ourExpansionServicePids()].filter((pid) => !before.has(pid));
    assert.deepStrictEqual(left, [], "the expansion service submit started still runs");
  });

  it("fails with the expansion service's own error when it cannot expand the read (one without our read)", async () => {
    // Beam's expansion service and KafkaIO, without java/kafka-records' jar: it does not know our URN.
    const withoutOurs = kafkaRecordsClasspath().slice(1).join(path.delimiter);
    const port = await freeLoopbackPort();
    const java = spawn("java", ["-cp", withoutOurs, EXPANSION_SERVICE_MAIN, String(port)], {
      stdio: "ignore",
    });
    try {
      const { specFile } = writeFlightsVariant({
        source: { kind: "kafka", brokers: "kafka:9092", topic: TOPIC, groupId: "g" },
      });
      // submit waits (5 s) for the service to accept connections; a JVM may take longer to start.
      let run = await submitSpec(specFile, "--expansion-service", `localhost:${port}`);
      for (let attempt = 0; attempt < 10 && /no expansion service answered/.test(run.stderr); attempt++)
        run = await submitSpec(specFile, "--expansion-service", `localhost:${port}`);
      assert.strictEqual(run.status, 1);
      assert.match(
        run.stderr,
        new RegExp(
          `^model-monitor: the expansion service at localhost:${port} could not expand the Kafka read of ` +
            `inference-log \\(.*java\\.lang\\.UnsupportedOperationException: Unknown urn: ${KAFKA_READ_RECORDS_URN}`,
          "m",
        ),
      );
      assert.match(run.stderr, /it must serve java\/kafka-records' /);
      assert.strictEqual(jobService.prepared.length, 0);
    } finally {
      java.kill();
    }
  });

  it("fails at once saying what to run when no expansion service answers at the address", async () => {
    const { specFile } = writeFlightsVariant({
      source: { kind: "kafka", brokers: "kafka:9092", topic: TOPIC, groupId: "g" },
    });
    const run = await submitSpec(specFile, "--expansion-service", "localhost:1");
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /no expansion service answered at localhost:1 within 5 s/);
    assert.match(
      run.stderr,
      /java -cp "\$\(cat java\/kafka-records\/target\/runtime-classpath\.txt\)" org\.apache\.beam\.sdk\.expansion\.service\.ExpansionService 8097/,
    );
    assert.strictEqual(jobService.prepared.length, 0);
  });
});
