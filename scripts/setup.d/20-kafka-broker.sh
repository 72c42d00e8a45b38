#!/usr/bin/env bash
# Apache Kafka's broker for the tests (test/support/kafka_broker.ts): the pinned artifacts of
# test/support/kafka-broker/pom.xml, resolved from Maven Central into the local Maven repository
# (~/.m2), their classpath written to the cache file the fixture reads (named by the pom's hash,
# so a changed pom resolves again). Needs Java 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."

pom=test/support/kafka-broker/pom.xml
cache="${XDG_CACHE_HOME:-$HOME/.cache}/beam-model-monitor"
classpath="$cache/kafka-broker-$(sha256sum "$pom" | cut -c1-16).classpath"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "kafka-broker: '$tool' not found; install a JDK 17+ and Maven (Debian: apt-get install -y openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done

if [ -s "$classpath" ]; then
  IFS=: read -r -a jars <"$classpath" || true # the file ends without a newline
  present=true
  for jar in "${jars[@]}"; do [ -f "$jar" ] || present=false; done
  if $present; then
    echo "kafka-broker: Kafka 3.7.2 already resolved ($classpath)"
    exit 0
  fi
fi

echo "kafka-broker: resolving org.apache.kafka:kafka_2.13:3.7.2 from Maven Central into ~/.m2"
mkdir -p "$cache"
if ! mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$classpath.tmp" >"$cache/kafka-broker-mvn.log" 2>&1; then
  echo "kafka-broker: Maven could not resolve $pom (log: $cache/kafka-broker-mvn.log):" >&2
  tail -n 20 "$cache/kafka-broker-mvn.log" >&2
  exit 1
fi
mv "$classpath.tmp" "$classpath"
