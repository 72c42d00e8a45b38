#!/usr/bin/env bash
# Builds our Kafka read for Beam's Java expansion service with Maven and writes its runtime classpath
# (the module's jar, then its dependencies from the local Maven repository) to target/runtime-classpath.txt.
# Idempotent: nothing is run when that file is newer than pom.xml and every source.
# Called by scripts/setup.d/30-java-kafka-records.sh and by model-monitor (runners/portable/kafka_records_classpath.ts).
set -euo pipefail
cd "$(dirname "$0")"
out=target/runtime-classpath.txt
if [[ -f $out && -z $(find pom.xml src -newer "$out" -print -quit) ]]; then
  exit 0
fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "java/kafka-records/build.sh: no '$tool' on the PATH; install Java 11+ and Maven 3 (e.g. apt-get install openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done
if ! mvn -B -q -DskipTests package >target-build.log 2>&1; then
  echo "java/kafka-records/build.sh: 'mvn -B -DskipTests package' failed in $(pwd); its output: $(pwd)/target-build.log" >&2
  exit 1
fi
rm -f target-build.log
echo "$(pwd)/target/kafka-records-0.1.0.jar:$(cat target/dependencies-classpath.txt)" >"$out"
