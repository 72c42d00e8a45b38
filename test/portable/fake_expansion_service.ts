import * as grpc from "@grpc/grpc-js";
import "apache-beam";
import { ExpansionRequest, ExpansionResponse, ExpansionService } from "apache-beam/proto/beam_expansion_api";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { AtomicType, type FieldType, Schema } from "apache-beam/proto/schema";
import { serviceDefinition } from "./fake_job_service";

const field = (name: string, type: FieldType, position: number) => ({
  name,
  description: "",
  type,
  id: position,
  encodingPosition: position,
  options: [],
});
const atomic = (atomicType: AtomicType, nullable = false): FieldType => ({
  nullable,
  typeInfo: { oneofKind: "atomicType", atomicType },
});
const schema = (fields: ReturnType<typeof field>[]): Schema => ({
  fields,
  id: "",
  options: [],
  encodingPositionsSet: true,
});

/** Java's KafkaIO.KafkaHeader as a schema: key, nullable value bytes. */
const KAFKA_HEADER_SCHEMA = schema([
  field("key", atomic(AtomicType.STRING), 0),
  field("value", atomic(AtomicType.BYTES, true), 1),
]);

/**
 * The schema Java infers (JavaFieldSchema) for KafkaIO.ByteArrayKafkaRecord,
 * the rows `kafka_read_with_metadata` emits (KafkaIO.java, RowsWithMetadata):
 * topic, partition, offset, timestamp, key, value, headers, timestampTypeId,
 * timestampTypeName.
 */
export const KAFKA_RECORD_SCHEMA = schema([
  field("topic", atomic(AtomicType.STRING), 0),
  field("partition", atomic(AtomicType.INT32), 1),
  field("offset", atomic(AtomicType.INT64), 2),
  field("timestamp", atomic(AtomicType.INT64), 3),
  field("key", atomic(AtomicType.BYTES, true), 4),
  field("value", atomic(AtomicType.BYTES, true), 5),
  field(
    "headers",
    {
      nullable: true,
      typeInfo: {
        oneofKind: "arrayType",
        arrayType: {
          elementType: {
            nullable: false,
            typeInfo: { oneofKind: "rowType", rowType: { schema: KAFKA_HEADER_SCHEMA } },
          },
        },
      },
    },
    6,
  ),
  field("timestampTypeId", atomic(AtomicType.INT32), 7),
  field("timestampTypeName", atomic(AtomicType.STRING), 8),
]);

export const JAVA_ENVIRONMENT_IMAGE = "apache/beam_java11_sdk:2.49.0";

/**
 * An in-process Beam expansion service (ExpansionService.Expand) that records
 * each ExpansionRequest and answers as Java's would for KafkaIO's read with
 * metadata, in the request's namespace: the transform as a primitive with the
 * requested URN and payload, in a Java (DOCKER) environment, whose one output
 * is an unbounded PCollection of rows (row coder with KAFKA_RECORD_SCHEMA) in
 * the global window. A real service expands it into Java's read and
 * conversion steps; the runner, not the TypeScript side, looks inside.
 */
export class FakeExpansionService {
  readonly requests: ExpansionRequest[] = [];
  private readonly server = new grpc.Server();

  /** `port` 0: any free port. With `failure`, every expansion answers that error, as Java's does for a bad request. */
  constructor(
    private port = 0,
    private readonly failure?: string,
  ) {}

  get address(): string {
    return `localhost:${this.port}`;
  }

  async start(): Promise<void> {
    this.server.addService(serviceDefinition(ExpansionService), {
      expand: (
        call: grpc.ServerUnaryCall<ExpansionRequest, ExpansionResponse>,
        callback: grpc.sendUnaryData<ExpansionResponse>,
      ) => {
        this.requests.push(call.request);
        callback(
          null,
          this.failure === undefined
            ? this.expansion(call.request)
            : ExpansionResponse.create({ error: this.failure }),
        );
      },
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(
        `localhost:${this.port}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
  }

  stop(): void {
    this.server.forceShutdown();
  }

  private expansion(request: ExpansionRequest): ExpansionResponse {
    const namespace = request.namespace;
    const ids = {
      output: `${namespace}records`,
      coder: `${namespace}kafka-record-row`,
      windowCoder: `${namespace}global-window`,
      windowing: `${namespace}global`,
      environment: `${namespace}java`,
    };
    return ExpansionResponse.create({
      transform: runnerApi.PTransform.create({
        uniqueName: request.transform!.uniqueName,
        spec: request.transform!.spec,
        inputs: {},
        outputs: { output: ids.output },
        environmentId: ids.environment,
      }),
      components: runnerApi.Components.create({
        pcollections: {
          [ids.output]: runnerApi.PCollection.create({
            uniqueName: `${request.transform!.uniqueName}.records`,
            coderId: ids.coder,
            isBounded: runnerApi.IsBounded_Enum.UNBOUNDED,
            windowingStrategyId: ids.windowing,
          }),
        },
        coders: {
          [ids.coder]: runnerApi.Coder.create({
            spec: { urn: "beam:coder:row:v1", payload: Schema.toBinary(KAFKA_RECORD_SCHEMA) },
          }),
          [ids.windowCoder]: runnerApi.Coder.create({
            spec: { urn: "beam:coder:global_window:v1", payload: new Uint8Array() },
          }),
        },
        windowingStrategies: {
          [ids.windowing]: runnerApi.WindowingStrategy.create({
            windowFn: { urn: "beam:window_fn:global_windows:v1", payload: new Uint8Array() },
            mergeStatus: runnerApi.MergeStatus_Enum.NON_MERGING,
            windowCoderId: ids.windowCoder,
            trigger: { trigger: { oneofKind: "default", default: {} } },
            accumulationMode: runnerApi.AccumulationMode_Enum.DISCARDING,
            outputTime: runnerApi.OutputTime_Enum.END_OF_WINDOW,
            closingBehavior: runnerApi.ClosingBehavior_Enum.EMIT_IF_NONEMPTY,
            onTimeBehavior: runnerApi.OnTimeBehavior_Enum.FIRE_IF_NONEMPTY,
            allowedLateness: 0n,
          }),
        },
        environments: {
          [ids.environment]: runnerApi.Environment.create({
            urn: "beam:env:docker:v1",
            payload: runnerApi.DockerPayload.toBinary({ containerImage: JAVA_ENVIRONMENT_IMAGE }),
          }),
        },
      }),
      requirements: [],
      error: "",
    });
  }
}
