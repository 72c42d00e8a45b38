import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { dataflowJobOptions } from "../../runners/dataflow/dataflow_options";
import { submitDataflowJob, waitUntilDataflowStarted } from "../../runners/dataflow/dataflow_job";
import { submittedPipeline } from "../../runners/portable/submitted_pipeline";
import { FakeJobService } from "../portable/fake_job_service";
import * as path from "path";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
const IMAGE = "europe-docker.pkg.dev/my-project/images/beam-model-monitor-dataflow:0.1.0";

/** The bundled example as `submit --runner dataflow` submits it, to a fake Job API playing `states`. */
async function submitFlights(states: JobState_Enum[]): Promise<{ service: FakeJobService; jobId: string }> {
  const service = new FakeJobService("dataflow-job-1", states);
  await service.start();
  const pipeline = await submittedPipeline(loadSpec(SPEC), { runner: "dataflow", workerImage: IMAGE });
  const options = dataflowJobOptions(
    {
      project: "my-project",
      region: "europe-west1",
      tempLocation: "gs://my-bucket/tmp",
      sdkContainerImage: IMAGE,
    },
    "model-monitor-flight-delay",
  );
  return { service, jobId: await submitDataflowJob(service.endpoint, pipeline, options) };
}

// The real job service reports RUNNING only once Dataflow itself runs the job, so these states come from a
// fake Job API; what the real one receives and translates is asserted in dataflow_template.test.ts.
describe("waiting for Dataflow to start a submitted job (a fake Job API: RUNNING needs Google Cloud)", () => {
  let service: FakeJobService | undefined;
  afterEach(() => service?.stop());

  it("returns once the job service reports the job RUNNING, and fails naming the state when it ended instead", async () => {
    const running = await submitFlights([JobState_Enum.STARTING, JobState_Enum.RUNNING]);
    service = running.service;
    await waitUntilDataflowStarted(service.endpoint, running.jobId);
    service.stop();

    const failed = await submitFlights([JobState_Enum.STARTING, JobState_Enum.FAILED]);
    service = failed.service;
    await assert.rejects(waitUntilDataflowStarted(service.endpoint, failed.jobId), {
      name: "JobServiceError",
      message: /the Dataflow job dataflow-job-1 ended FAILED before it ran/,
    });
  });
});
