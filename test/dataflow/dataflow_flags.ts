/** The worker image the Dataflow tests name (never pulled: nothing here reaches a registry of images). */
export const IMAGE = "europe-docker.pkg.dev/my-project/images/beam-model-monitor-dataflow:0.1.0";

/** `submit --runner dataflow` with every required option, as the Dataflow tests give it. */
export const DATAFLOW_FLAGS = [
  "--runner",
  "dataflow",
  "--project",
  "my-project",
  "--region",
  "europe-west1",
  "--temp-location",
  "gs://my-bucket/tmp",
  "--sdk-container-image",
  IMAGE,
];
