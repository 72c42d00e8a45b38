# Our expansion service: Beam 2.49's Java expansion service with our Kafka read (java/kafka-records)
# on its classpath, for `model-monitor submit --expansion-service host:port`. The read's module is
# built with Maven in a first stage; the service runs on the Java 11 of Beam's own Java 11 SDK image.
#
# Arguments: the port, then Beam pipeline options. --experiments=use_deprecated_read keeps KafkaIO's
# UnboundedSource read, whose offsets Flink commits with completed checkpoints (docs/flink.md);
# the environment options choose where the read's Java steps run: without them DOCKER
# apache/beam_java11_sdk:2.49.0 (Flink clusters that can start containers); deploy/k8s/expansion-service.yaml
# passes a PROCESS environment running the Java SDK boot that deploy/flink.Dockerfile puts into the
# task managers.
#
# Build from the repository root and push where the cluster pulls from (deploy/k8s/kustomization.yaml):
#   docker build -f deploy/expansion-service.Dockerfile -t <registry>/beam-model-monitor-expansion-service:2.49.0 .

FROM maven:3.8.7-eclipse-temurin-11 AS build
COPY java/kafka-records /build
RUN mvn -B -f /build/pom.xml -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/build/target/lib
FROM apache/beam_java11_sdk:2.49.0
COPY --from=build /build/target/kafka-records-0.1.0.jar /build/target/lib/ /opt/model-monitor/kafka-records/
EXPOSE 8097
ENTRYPOINT ["java", "-cp", "/opt/model-monitor/kafka-records/*", "org.apache.beam.sdk.expansion.service.ExpansionService"]
CMD ["8097", "--experiments=use_deprecated_read"]
