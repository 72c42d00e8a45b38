// Mutation testing of the pure core (npm run test:mutation; see test/MUTATION.md).
// Stryker instruments the TypeScript sources in a sandbox (all mutants at once, switched on by an
// environment variable), builds the sandbox with our tspc toolchain once, and runs mocha on the
// compiled tests there.
// scripts/mutation.sh runs it one folder at a time, each with its own incremental file.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "mocha",
  buildCommand: "npm run build",
  // "all", not "perTest": our pipeline tests run the job in mocha `before` hooks, and Stryker's mocha
  // runner charges what runs there to the test before, so per-test coverage skipped the tests that kill
  // (measured: mutants reported surviving that the alert tests kill). Each mutant runs the specs in
  // order until the first failure, so the fast unit tests come first.
  coverageAnalysis: "all",
  concurrency: 1,
  timeoutMS: 10000,
  incremental: true,
  reporters: ["clear-text", "json", "progress"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  ignorePatterns: ["dist", "reports", "out", "bench/results", ".stryker-tmp"],
  // The folders' unit and pipeline tests; Kafka, Flink, Dataflow and process-level tests stay out
  // (they start brokers or processes that would not see the active mutant).
  mochaOptions: {
    spec: [
      "dist/test/alerts/**/*.test.js",
      "dist/test/drift/**/*.test.js",
      "dist/test/statistics/**/*.test.js",
      "dist/test/outliers/**/*.test.js",
      "dist/test/parse/**/*.test.js",
      "dist/test/monitoring/**/*.test.js",
      "dist/test/spec/**/*.test.js",
      "dist/test/runner/**/*.test.js",
      "dist/test/pipeline/**/*.test.js",
    ],
  },
};
