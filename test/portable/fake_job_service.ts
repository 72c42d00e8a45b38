import * as grpc from "@grpc/grpc-js";
import type { ServiceType } from "@protobuf-ts/runtime-rpc";
import {
  ArtifactStagingService,
  ArtifactRequestWrapper,
  ArtifactResponseWrapper,
} from "apache-beam/proto/beam_artifact_api";
import {
  JobMessagesResponse,
  JobService,
  JobState_Enum,
  JobStateEvent,
  PrepareJobRequest,
} from "apache-beam/proto/beam_job_api";
import type { ArtifactInformation } from "apache-beam/proto/beam_runner_api";

/** A grpc-js service definition from a protobuf-ts service type (the SDK ships client stubs only). */
export function serviceDefinition(service: ServiceType): grpc.ServiceDefinition {
  return Object.fromEntries(
    service.methods.map((method) => [
      method.localName,
      {
        path: `/${service.typeName}/${method.name}`,
        requestStream: method.clientStreaming,
        responseStream: method.serverStreaming,
        requestSerialize: (value: object) => Buffer.from(method.I.toBinary(value)),
        requestDeserialize: (bytes: Buffer) => method.I.fromBinary(bytes),
        responseSerialize: (value: object) => Buffer.from(method.O.toBinary(value)),
        responseDeserialize: (bytes: Buffer) => method.O.fromBinary(bytes),
      },
    ]),
  );
}

export interface StagedArtifact {
  artifact: ArtifactInformation;
  bytes: Buffer;
}

/**
 * An in-process Beam Job API server that records what it receives and plays
 * a scripted job: Prepare stores the request and points at its own
 * ArtifactStagingService; staging asks the client (reverse stream) to resolve
 * every environment dependency and sends GetArtifact for each, as Java's
 * ArtifactStagingService does; Run returns `jobId`; the state stream replays
 * `states`, the message stream `messages`.
 */
export class FakeJobService {
  readonly prepared: PrepareJobRequest[] = [];
  readonly staged: StagedArtifact[] = [];
  readonly runPreparationIds: string[] = [];
  private readonly server = new grpc.Server();
  private port = 0;
  private messagesSent!: () => void;
  /** States follow messages, as on a real server where a job logs before it ends. */
  private readonly messagesWritten = new Promise<void>((resolve) => (this.messagesSent = resolve));

  constructor(
    private readonly jobId: string,
    private readonly states: JobState_Enum[],
    private readonly messages: string[] = [],
  ) {}

  get endpoint(): string {
    return `localhost:${this.port}`;
  }

  async start(): Promise<void> {
    this.server.addService(serviceDefinition(JobService), this.jobService());
    this.server.addService(serviceDefinition(ArtifactStagingService), {
      reverseArtifactRetrievalService: (
        call: grpc.ServerDuplexStream<ArtifactResponseWrapper, ArtifactRequestWrapper>,
      ) => this.stage(call),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync("localhost:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
  }

  stop(): void {
    this.server.forceShutdown();
  }

  private jobService(): grpc.UntypedServiceImplementation {
    return {
      prepare: (
        call: grpc.ServerUnaryCall<PrepareJobRequest, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        this.prepared.push(call.request);
        callback(null, {
          preparationId: "preparation-1",
          artifactStagingEndpoint: { url: this.endpoint, authentication: undefined },
          stagingSessionToken: "token-1",
        });
      },
      run: (
        call: grpc.ServerUnaryCall<{ preparationId: string }, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        this.runPreparationIds.push(call.request.preparationId);
        callback(null, { jobId: this.jobId });
      },
      getState: (_call: unknown, callback: grpc.sendUnaryData<JobStateEvent>) =>
        callback(null, { state: this.states[this.states.length - 1] }),
      getStateStream: (call: grpc.ServerWritableStream<unknown, JobStateEvent>) => {
        void this.messagesWritten.then(() => {
          for (const state of this.states) call.write({ state });
          call.end();
        });
      },
      getMessageStream: (call: grpc.ServerWritableStream<unknown, JobMessagesResponse>) => {
        for (const [index, text] of this.messages.entries())
          call.write({
            response: {
              oneofKind: "messageResponse",
              messageResponse: { messageId: String(index), time: "", importance: 3, messageText: text },
            },
          });
        this.messagesSent();
      },
    };
  }

  private stage(call: grpc.ServerDuplexStream<ArtifactResponseWrapper, ArtifactRequestWrapper>): void {
    const dependencies = Object.values(
      this.prepared[this.prepared.length - 1].pipeline!.components!.environments,
    ).flatMap((environment) => environment.dependencies);
    let pending: ArtifactInformation[] = [];
    let chunks: Buffer[] = [];
    const requestNext = (): void => {
      chunks = [];
      if (pending.length === 0) call.end();
      else call.write({ request: { oneofKind: "getArtifact", getArtifact: { artifact: pending[0] } } });
    };
    call.on("data", (message: ArtifactResponseWrapper) => {
      const response = message.response;
      if (response.oneofKind === "resolveArtifactResponse") {
        pending = [...response.resolveArtifactResponse.replacements];
        requestNext();
      } else if (response.oneofKind === "getArtifactResponse") {
        chunks.push(Buffer.from(response.getArtifactResponse.data));
        if (message.isLast) {
          this.staged.push({ artifact: pending.shift()!, bytes: Buffer.concat(chunks) });
          requestNext();
        }
      } else {
        // The client's opening message (no response yet): ask it to resolve the dependencies.
        call.write({
          request: {
            oneofKind: "resolveArtifact",
            resolveArtifact: { artifacts: dependencies, preferredUrns: [] },
          },
        });
      }
    });
  }
}
