#!/usr/bin/env bash
# What `npm test` needs installed (npm's pretest runs this): every scripts/setup.d/NN-name.sh in
# lexical order. Each step is idempotent, quick when already done, prints one line of what it does
# and stops the run with a clear message when it cannot do it.
set -euo pipefail
cd "$(dirname "$0")/.."

for step in scripts/setup.d/[0-9][0-9]-*.sh; do
  [ -e "$step" ] || continue
  if ! bash "$step"; then
    echo "setup-tests: $step failed (see its message above); the tests were not run" >&2
    exit 1
  fi
done
