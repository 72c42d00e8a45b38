# Beam's Java IO expansion service (KafkaIO among others), in the TypeScript SDK's Beam version,
# for `model-monitor submit --expansion-service host:port`. It runs on the Java 11 of Beam's own
# Java 11 SDK image; the jar is downloaded from Maven Central when the image is built
# (`model-monitor` itself never downloads it).
#
# Arguments: the port, then Beam pipeline options, of which the ones that matter here choose the
# environment the expanded transforms run in. Without options that is DOCKER
# apache/beam_java11_sdk:2.49.0 (right for Dataflow and for Flink clusters that can start
# containers); deploy/k8s/expansion-service.yaml passes a PROCESS environment running the Java SDK
# boot that deploy/flink.Dockerfile puts into the task managers.
#
# Build (no context needed) and push where the cluster pulls from (deploy/k8s/kustomization.yaml):
#   docker build -t <registry>/beam-model-monitor-expansion-service:2.49.0 - < deploy/expansion-service.Dockerfile

FROM apache/beam_java11_sdk:2.49.0
ADD https://repo.maven.apache.org/maven2/org/apache/beam/beam-sdks-java-io-expansion-service/2.49.0/beam-sdks-java-io-expansion-service-2.49.0.jar /opt/apache/beam/expansion-service/
EXPOSE 8097
ENTRYPOINT ["java", "-jar", "/opt/apache/beam/expansion-service/beam-sdks-java-io-expansion-service-2.49.0.jar"]
CMD ["8097"]
