# Flink for the monitoring job on Kubernetes (deploy/k8s): the Flink image of the job server's
# Flink version (apache/beam_flink1.16_job_server:2.49.0 runs Flink 1.16) with Beam's Java SDK
# harness added. The expansion service (deploy/expansion-service.Dockerfile, started by
# deploy/k8s/expansion-service.yaml) gives the expanded KafkaIO read a PROCESS environment whose
# command is this image's /opt/apache/beam/boot, so the read's Java code runs as a process inside
# each task manager container: a task manager pod cannot start the default DOCKER environment.
#
# Copied to the same path as in Beam's image: the boot program puts /opt/apache/beam/jars (the
# harness jar, logging jars, the jamm agent) on the JVM's command line by that fixed path
# (sdks/java/container/boot.go), so any other destination breaks it. It runs `java` from PATH:
# this image's Java 11.
#
# Build (no context needed) and push where the cluster pulls from (deploy/k8s/kustomization.yaml):
#   docker build -t <registry>/beam-model-monitor-flink:1.16.3-beam2.49.0 - < deploy/flink.Dockerfile

FROM flink:1.16.3-java11
COPY --from=apache/beam_java11_sdk:2.49.0 /opt/apache/beam/ /opt/apache/beam/
