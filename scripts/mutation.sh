#!/usr/bin/env bash
# Mutation testing of the pure core, one folder at a time (the machine is shared: one process at a
# time, incremental so a re-run only tests mutants whose code or tests changed).
# Usage: scripts/mutation.sh [folder …]   (default: every core folder)
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  folders=(transforms/drift transforms/statistics transforms/outliers transforms/alerts transforms/parse
    runners/direct/aggregation runners/direct/triggers)
fi
# StrykerJS 10 needs Node >= 22; on an older Node take Node 22 from the npm registry for Stryker only
# (the tests it runs use the same binary; the project itself supports Node >= 20.19).
stryker=(npx stryker)
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  stryker=(npx --yes --package "node-$(node -p 'process.platform')-$(node -p 'process.arch')@22.23.5" --
    node node_modules/@stryker-mutator/core/bin/stryker.js)
fi
export NODE_OPTIONS="--require $PWD/scripts/stryker_mocha12.cjs ${NODE_OPTIONS:-}"
mkdir -p reports/mutation
for folder in "${folders[@]}"; do
  name=${folder//\//-}
  echo "mutation testing ${folder}"
  "${stryker[@]}" run \
    --mutate "${folder}/**/*.ts" \
    --incrementalFile "reports/mutation/${name}.incremental.json" 2>&1 |
    tee "reports/mutation/${name}.log"
  cp reports/mutation/mutation.json "reports/mutation/${name}.json"
done
