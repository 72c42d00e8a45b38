# The worker image for `model-monitor submit --runner dataflow`: the worker image
# (deploy/worker.Dockerfile) with Beam's container contract as its entry point. Dataflow starts it
# on each worker VM with --id, --provision_endpoint, --control_endpoint, --logging_endpoint, …;
# dist/cli/dataflow_worker.js (runners/dataflow/container_boot.ts) asks the provision service for
# the endpoints and sibling harness ids and runs one TypeScript SDK harness per id (docs/dataflow.md).
#
# Build the worker image first, from the same commit as the `model-monitor` that submits (the
# submitted DoFns refer to this code's modules by name), then this one (no context needed):
#   docker build -f deploy/worker.Dockerfile -t beam-model-monitor-worker:0.1.0 .
#   docker build -t "$IMAGE" - < deploy/dataflow-worker.Dockerfile
#   docker push "$IMAGE"

FROM beam-model-monitor-worker:0.1.0
ENTRYPOINT ["node", "dist/cli/dataflow_worker.js"]
