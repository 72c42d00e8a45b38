# The TypeScript SDK worker pool for Flink task managers: `model-monitor worker-pool`
# on port 50000, run beside each task manager (a sidecar) so an EXTERNAL environment
# with --worker-pool localhost:50000 reaches it.
#
# Build from the repository root:
#   docker build -f deploy/worker.Dockerfile -t beam-model-monitor-worker:0.1.0 .
# The image must be built from the same commit as the submitting `model-monitor submit`:
# the submitted pipeline's DoFns refer to this code's modules by name.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY cli ./cli
COPY logger ./logger
COPY pipelines ./pipelines
COPY runners ./runners
COPY transforms ./transforms
COPY report ./report
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
EXPOSE 50000
USER node
ENTRYPOINT ["node", "dist/cli/main.js", "worker-pool", "--port", "50000"]
