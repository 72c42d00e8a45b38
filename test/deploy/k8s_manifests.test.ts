import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import "apache-beam";
import { version as beamVersion } from "apache-beam/version";
import { submitCommand } from "../../cli/submit_command";
import { DEFAULT_WORKER_POOL_PORT, workerPoolCommand } from "../../cli/worker_pool_command";
import { loadSpec } from "../../pipelines/spec/load_spec";
import {
  DEPRECATED_READ_OPTION,
  EXPANSION_SERVICE_MAIN,
  EXPANSION_SERVICE_PORT,
} from "../../runners/portable/expansion_service";
import { REPOSITORY, readDockerfile } from "./dockerfile";

/** A Beam job server's default ports (Java's JobServerDriver): the Job API, artifact staging, its own expansion service. */
const JOB_SERVER_PORTS = { job: 8099, artifact: 8098, expansion: 8097 } as const;
const K8S = path.join(REPOSITORY, "deploy/k8s");
const PACKAGE_VERSION = JSON.parse(fs.readFileSync(path.join(REPOSITORY, "package.json"), "utf8")).version;

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML, checked field by field */
type Manifest = Record<string, any>;

const readYaml = (file: string): Manifest[] =>
  parseAllDocuments(fs.readFileSync(path.join(K8S, file), "utf8")).map((document) => {
    assert.deepStrictEqual(document.errors, [], `${file}: YAML errors`);
    return document.toJS() as Manifest;
  });

/** The one value of each `--name=value` argument. */
const argValues = (args: string[]): Map<string, string> =>
  new Map(
    args.map((arg) => {
      const separator = arg.indexOf("=");
      return [arg.slice(0, separator), arg.slice(separator + 1)];
    }),
  );

const kustomization = readYaml("kustomization.yaml")[0];
const manifests: Manifest[] = (kustomization.resources as string[]).flatMap(readYaml);
const named = (kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `no ${kind} ${name} in deploy/k8s`);
  return found;
};
const ofKind = (kind: string): Manifest[] => manifests.filter((m) => m.kind === kind);
const podSpecOf = (manifest: Manifest): Manifest => manifest.spec.template.spec;
const allContainers = (pod: Manifest): Manifest[] => [...(pod.initContainers ?? []), ...pod.containers];

const flink = ofKind("FlinkDeployment")[0];
const jobServer = named("Deployment", "model-monitor-job-server");
const jobServerService = named("Service", "model-monitor-job-server");
const expansionService = named("Deployment", "model-monitor-expansion-service");
const expansionServiceService = named("Service", "model-monitor-expansion-service");
const expansionContainer = podSpecOf(expansionService).containers[0];
const submitJob = named("Job", "model-monitor-submit");
const topicsJob = named("Job", "model-monitor-kafka-topics");
const sidecar = (flink.spec.taskManager.podTemplate.spec.containers as Manifest[]).find(
  (c) => c.name === "beam-worker-pool",
)!;
const submitArgs = (podSpecOf(submitJob).containers[0].command as string[]).slice(3);
const jobServerArgs = argValues(podSpecOf(jobServer).containers[0].args);

/** Every image named anywhere: containers of pods, and the FlinkDeployment's Flink image. */
const images = (): string[] => [
  flink.spec.image,
  ...flink.spec.taskManager.podTemplate.spec.containers.flatMap((c: Manifest) => (c.image ? [c.image] : [])),
  ...ofKind("Deployment")
    .concat(ofKind("Job"))
    .flatMap((m) => allContainers(podSpecOf(m)).map((c) => c.image as string)),
];

describe("deploy/k8s manifests", () => {
  it("kustomization applies every manifest in the folder, into the namespace it creates", () => {
    // kustomizeconfig.yaml: the FlinkDeployment's spec.image is an image field to kustomize's `images` too.
    assert.deepStrictEqual(readYaml(kustomization.configurations[0])[0].images, [
      { path: "spec/image", kind: "FlinkDeployment" },
    ]);
    const yamlFiles = fs.readdirSync(K8S).filter((f) => f.endsWith(".yaml"));
    const generated = (kustomization.configMapGenerator as Manifest[]).flatMap((g) => g.files as string[]);
    assert.deepStrictEqual(
      [
        ...kustomization.resources,
        ...generated,
        ...kustomization.configurations,
        "kustomization.yaml",
      ].sort(),
      yamlFiles.sort(),
    );
    assert.strictEqual(named("Namespace", kustomization.namespace).apiVersion, "v1");
  });

  it("every manifest has its kind's apiVersion and a name; Deployments and Services select the same pods", () => {
    const apiVersions: Record<string, string> = {
      Namespace: "v1",
      ServiceAccount: "v1",
      Role: "rbac.authorization.k8s.io/v1",
      RoleBinding: "rbac.authorization.k8s.io/v1",
      FlinkDeployment: "flink.apache.org/v1beta1",
      Deployment: "apps/v1",
      Service: "v1",
      Job: "batch/v1",
    };
    for (const manifest of manifests) {
      assert.strictEqual(manifest.apiVersion, apiVersions[manifest.kind], manifest.kind);
      assert.match(manifest.metadata.name, /^[a-z0-9-]+$/);
    }
    for (const deployment of ofKind("Deployment")) {
      const labels = deployment.spec.template.metadata.labels;
      assert.deepStrictEqual(deployment.spec.selector.matchLabels, labels);
      assert.deepStrictEqual(named("Service", deployment.metadata.name).spec.selector, labels);
    }
    for (const job of ofKind("Job")) assert.ok(["OnFailure", "Never"].includes(podSpecOf(job).restartPolicy));
  });

  it("pins every image to a version: Flink and the job server agree, the worker image is this package's version", () => {
    for (const image of images()) assert.match(image, /^[^:]+:(?!latest$)[\w][\w.-]*$/, image);
    // The Flink image is derived (deploy/flink.Dockerfile) from the Flink release the job server was built for.
    const flinkBase = readDockerfile("flink.Dockerfile").only("FROM");
    const flinkRelease = /^flink:((\d+)\.(\d+)\.\d+)-java11$/.exec(flinkBase)!;
    assert.ok(flinkRelease, flinkBase);
    assert.strictEqual(flink.spec.flinkVersion, `v${flinkRelease[2]}_${flinkRelease[3]}`);
    assert.strictEqual(flink.spec.image, `beam-model-monitor-flink:${flinkRelease[1]}-beam${beamVersion}`);
    assert.strictEqual(
      podSpecOf(jobServer).containers[0].image,
      `apache/beam_flink${flinkRelease[2]}.${flinkRelease[3]}_job_server:${beamVersion}`,
    );
    assert.strictEqual(sidecar.image, `beam-model-monitor-worker:${PACKAGE_VERSION}`);
    assert.strictEqual(podSpecOf(submitJob).containers[0].image, sidecar.image);
    assert.strictEqual(expansionContainer.image, `beam-model-monitor-expansion-service:${beamVersion}`);
    // Each image this folder builds has an entry that points it at the user's registry, with its own tag.
    // (Indexing, not `const [name, tag] =`: ts-closure-transform drops every name after the first.)
    const builtHere = [sidecar.image, flink.spec.image, expansionContainer.image].map((image: string) => {
      const parts = image.split(":");
      return { name: parts[0], newName: parts[0], newTag: parts[1] };
    });
    assert.deepStrictEqual(kustomization.images, builtHere);
  });

  it("the expansion service gives KafkaIO a PROCESS environment: the Java SDK boot the Flink image carries", () => {
    // Beam's Java SDK image, as released with the SDK, copied to the path its boot program expects:
    // boot puts /opt/apache/beam/jars/... on the JVM's class path by that fixed path (sdks/java/container/boot.go).
    const copies = readDockerfile("flink.Dockerfile")
      .instructions.filter((instruction) => instruction.name === "COPY")
      .map((instruction) => instruction.args);
    assert.deepStrictEqual(copies, [
      `--from=apache/beam_java11_sdk:${beamVersion} /opt/apache/beam/ /opt/apache/beam/`,
    ]);
    const args = expansionContainer.args as string[];
    assert.strictEqual(args[0], String(EXPANSION_SERVICE_PORT));
    const options = argValues(args.slice(1));
    assert.deepStrictEqual(
      [...options.keys()],
      ["--experiments", "--defaultEnvironmentType", "--defaultEnvironmentConfig"],
    );
    // KafkaIO's UnboundedSource read: offsets committed with completed checkpoints (docs/flink.md).
    assert.strictEqual(`--experiments=${options.get("--experiments")}`, DEPRECATED_READ_OPTION);
    assert.strictEqual(options.get("--defaultEnvironmentType"), "PROCESS");
    assert.deepStrictEqual(JSON.parse(options.get("--defaultEnvironmentConfig")!), {
      command: "/opt/apache/beam/boot",
    });
  });

  it("the expansion service image runs Beam's expansion service with our Kafka read, built by Maven, on Java 11", () => {
    const image = readDockerfile("expansion-service.Dockerfile");
    const froms = image.instructions.filter((i) => i.name === "FROM").map((i) => i.args);
    assert.deepStrictEqual(froms, [
      "maven:3.8.7-eclipse-temurin-11 AS build",
      `apache/beam_java11_sdk:${beamVersion}`,
    ]);
    const classpathDir = "/opt/model-monitor/kafka-records/";
    assert.ok(
      image.instructions.some((i) => i.name === "COPY" && i.args.endsWith(` ${classpathDir}`)),
      "the module's jar and dependencies are copied to the classpath directory",
    );
    assert.deepStrictEqual(image.execForm("ENTRYPOINT"), [
      "java",
      "-cp",
      `${classpathDir}*`,
      EXPANSION_SERVICE_MAIN,
    ]);
    assert.deepStrictEqual(image.execForm("CMD"), [String(EXPANSION_SERVICE_PORT), DEPRECATED_READ_OPTION]);
    assert.strictEqual(image.only("EXPOSE"), String(EXPANSION_SERVICE_PORT));
    assert.deepStrictEqual(expansionContainer.ports, [
      { name: "expansion", containerPort: EXPANSION_SERVICE_PORT },
    ]);
    assert.deepStrictEqual(expansionServiceService.spec.ports, [
      { name: "expansion", port: EXPANSION_SERVICE_PORT, targetPort: "expansion" },
    ]);
  });

  it("the Flink session cluster runs as the account the RBAC manifest grants, with the worker pool beside each task manager", () => {
    assert.strictEqual(flink.spec.job, undefined, "a session cluster has no job of its own");
    assert.strictEqual(named("ServiceAccount", flink.spec.serviceAccount).kind, "ServiceAccount");
    const binding = named("RoleBinding", flink.spec.serviceAccount);
    assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: flink.spec.serviceAccount }]);
    const containerNames = flink.spec.taskManager.podTemplate.spec.containers.map((c: Manifest) => c.name);
    assert.deepStrictEqual(containerNames, ["flink-main-container", "beam-worker-pool"]);
  });

  it("the sidecar runs the worker image's own entry point, a valid worker-pool command on the default port", () => {
    assert.deepStrictEqual(sidecar.command, readDockerfile("worker.Dockerfile").execForm("ENTRYPOINT"));
    assert.deepStrictEqual(sidecar.command.slice(0, 3), ["node", "dist/cli/main.js", "worker-pool"]);
    const command = workerPoolCommand();
    const parsed = command.parseOptions(sidecar.command.slice(3));
    assert.deepStrictEqual(parsed, { operands: [], unknown: [] });
    assert.strictEqual(command.opts().port, DEFAULT_WORKER_POOL_PORT);
    assert.deepStrictEqual(sidecar.ports, [{ name: "worker-pool", containerPort: DEFAULT_WORKER_POOL_PORT }]);
  });

  it("the job server listens on Beam's default ports, reachable through its Service, and points at the operator's REST service", () => {
    assert.strictEqual(jobServerArgs.get("--job-port"), String(JOB_SERVER_PORTS.job));
    assert.strictEqual(jobServerArgs.get("--artifact-port"), String(JOB_SERVER_PORTS.artifact));
    assert.strictEqual(jobServerArgs.get("--expansion-port"), String(JOB_SERVER_PORTS.expansion));
    const containerPorts = podSpecOf(jobServer).containers[0].ports as Manifest[];
    const servicePorts = jobServerService.spec.ports as Manifest[];
    for (const [name, port] of Object.entries(JOB_SERVER_PORTS)) {
      assert.deepStrictEqual(
        containerPorts.find((p) => p.name === name),
        { name, containerPort: port },
      );
      assert.deepStrictEqual(
        servicePorts.find((p) => p.name === name),
        { name, port, targetPort: name },
      );
    }
    // Flink's native Kubernetes mode names the REST service <cluster id>-rest.
    assert.strictEqual(
      jobServerArgs.get("--flink-master"),
      `${flink.metadata.name}-rest:${flink.spec.flinkConfiguration["rest.port"]}`,
    );
    // Clients stage artifacts at <job-host>:<artifact-port>, so the host must be an address other pods reach.
    assert.strictEqual(jobServerArgs.get("--job-host"), "$(POD_IP)");
    assert.deepStrictEqual(podSpecOf(jobServer).containers[0].env, [
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ]);
  });

  it("the submission Job's command is a valid `model-monitor submit` to the job server, the sidecar pool and the expansion service", () => {
    assert.deepStrictEqual(podSpecOf(submitJob).containers[0].command.slice(0, 3), [
      "node",
      "dist/cli/main.js",
      "submit",
    ]);
    const command = submitCommand();
    const parsed = command.parseOptions(submitArgs);
    assert.deepStrictEqual(parsed.unknown, []);
    const options = command.opts();
    assert.strictEqual(options.runner, "flink");
    assert.strictEqual(options.jobEndpoint, `${jobServerService.metadata.name}:${JOB_SERVER_PORTS.job}`);
    assert.strictEqual(options.workerPool, `localhost:${DEFAULT_WORKER_POOL_PORT}`);
    assert.strictEqual(
      options.expansionService,
      `${expansionServiceService.metadata.name}:${EXPANSION_SERVICE_PORT}`,
    );
    assert.strictEqual(options.checkpointingInterval, undefined); // submit's default for a streaming job
    const slots =
      flink.spec.taskManager.replicas *
      Number(flink.spec.flinkConfiguration["taskmanager.numberOfTaskSlots"]);
    assert.ok(options.parallelism <= slots, `parallelism ${options.parallelism} > ${slots} task slots`);

    const mount = podSpecOf(submitJob).containers[0].volumeMounts[0];
    const volume = podSpecOf(submitJob).volumes.find((v: Manifest) => v.name === mount.name);
    assert.strictEqual(volume.configMap.name, kustomization.configMapGenerator[0].name);
    assert.deepStrictEqual(parsed.operands, [
      `${mount.mountPath}/${kustomization.configMapGenerator[0].files[0]}`,
    ]);

    const waitScript = podSpecOf(submitJob).initContainers[0].args[0] as string;
    assert.ok(waitScript.includes(`nc -z ${options.jobEndpoint.replace(":", " ")}`), waitScript);
    assert.ok(waitScript.includes(`nc -z ${options.expansionService.replace(":", " ")}`), waitScript);
    assert.ok(
      waitScript.includes(`nc -z ${jobServerArgs.get("--flink-master")!.replace(":", " ")}`),
      waitScript,
    );
  });

  it("the spec in the ConfigMap is valid, and the topic Job creates exactly the topics it reads and writes", () => {
    const spec = loadSpec(path.join(K8S, "monitor.yaml"));
    assert.ok(spec.source.kind === "kafka");
    const sinkTopics = spec.sinks.flatMap((sink) =>
      sink.kind === "kafka" ? Object.values(sink.topics) : [],
    );
    const container = podSpecOf(topicsJob).containers[0];
    const created = [...(container.args[0] as string).matchAll(/^\s*create (\S+) (\d+)$/gm)].map((m) => m[1]);
    assert.deepStrictEqual(created.sort(), [spec.source.topic, ...sinkTopics].sort());
    const bootstrap = container.env.find((e: Manifest) => e.name === "BOOTSTRAP_SERVERS").value;
    assert.strictEqual(bootstrap, spec.source.brokers);
    for (const sink of spec.sinks) if (sink.kind === "kafka") assert.strictEqual(sink.brokers, bootstrap);
  });
});
