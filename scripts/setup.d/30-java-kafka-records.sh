#!/usr/bin/env bash
# Our Kafka read for Beam's Java expansion service (java/kafka-records): Maven build and runtime classpath.
set -euo pipefail
echo "setup: java/kafka-records (Maven build of our Kafka read for the expansion service, when changed)"
exec "$(dirname "$0")/../../java/kafka-records/build.sh"
