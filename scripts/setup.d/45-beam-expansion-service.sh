#!/usr/bin/env bash
# Beam 2.49.0's Java expansion service with KafkaIO for the Dataflow tests (a Kafka spec's read is
# expanded by it: test/dataflow/beam_expansion_service.ts): the pinned artifacts of
# test/support/beam-expansion-service/pom.xml, resolved from Maven Central into the local Maven
# repository (~/.m2), their classpath written to the cache file the fixture reads (named by the
# pom's hash, so a changed pom resolves again). Needs Java 11+ and Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."

pom=test/support/beam-expansion-service/pom.xml
cache="${XDG_CACHE_HOME:-$HOME/.cache}/beam-model-monitor"
classpath="$cache/beam-expansion-service-$(sha256sum "$pom" | cut -c1-16).classpath"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "beam-expansion-service: '$tool' not found; install a JDK 11+ and Maven (Debian: apt-get install -y openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done

if [ -s "$classpath" ]; then
  IFS=: read -r -a jars <"$classpath" || true # the file ends without a newline
  present=true
  for jar in "${jars[@]}"; do [ -f "$jar" ] || present=false; done
  if $present; then
    echo "beam-expansion-service: Beam 2.49.0's expansion service and KafkaIO already resolved ($classpath)"
    exit 0
  fi
fi

echo "beam-expansion-service: resolving beam-sdks-java-expansion-service and beam-sdks-java-io-kafka 2.49.0 from Maven Central into ~/.m2"
mkdir -p "$cache"
log="$cache/beam-expansion-service-mvn.log"
if ! mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$classpath.tmp" >"$log" 2>&1; then
  echo "beam-expansion-service: Maven could not resolve $pom (log: $log):" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
mv "$classpath.tmp" "$classpath"
