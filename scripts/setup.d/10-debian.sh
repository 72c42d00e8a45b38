#!/usr/bin/env bash
# Debian packages the tests use: librdkafka-dev, gcc and libc6-dev build the mock-cluster helper
# (test/support/kafka_mock_cluster.c); kcat reads topics in docs' examples; chromium and
# fonts-liberation render the report in test/report. Installs only what is missing.
set -euo pipefail

packages=(librdkafka-dev kcat gcc libc6-dev chromium fonts-liberation)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "debian: ${packages[*]} already installed"
  exit 0
fi

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "debian: missing ${missing[*]}; as root run: apt-get update && $command" >&2
  exit 1
fi
echo "debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
