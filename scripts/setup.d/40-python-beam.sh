#!/usr/bin/env bash
# Beam 2.49.0's Python SDK with its GCP extra, the Dataflow job service the tests submit to
# (test/dataflow/): a virtual environment of its own (other Python packages break Beam 2.49's
# pins) with exactly the packages of runners/dataflow/python-requirements.txt, named by that
# file's hash so a changed lock builds a new one. Test support finds it by the same name
# (test/dataflow/beam_python.ts). Needs Python 3.8-3.11 (Beam 2.49's range) and PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."

requirements=runners/dataflow/python-requirements.txt
cache="${XDG_CACHE_HOME:-$HOME/.cache}/beam-model-monitor"
venv="$cache/venv-beam-2.49.0-$(sha256sum "$requirements" | cut -c1-16)"

# Written last: a venv without it is an interrupted install, removed and built again.
installed="$venv/installed-from-python-requirements.txt"
if [ -f "$installed" ]; then
  echo "python-beam: apache-beam[gcp] 2.49.0 already installed ($venv)"
  exit 0
fi

python=""
for candidate in python3 python3.11 python3.10 python3.9 python3.8; do
  if command -v "$candidate" >/dev/null &&
    "$candidate" -c 'import sys; sys.exit(not (3, 8) <= sys.version_info[:2] <= (3, 11))' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "python-beam: no Python 3.8-3.11 found (Beam 2.49 supports only these); install one (Debian: apt-get install -y python3 python3-venv)" >&2
  exit 1
fi

echo "python-beam: installing apache-beam[gcp] 2.49.0 into $venv (pinned by $requirements; a minute or two)"
mkdir -p "$cache"
rm -rf "$venv"
log="$cache/python-beam-pip.log"
if ! { "$python" -m venv "$venv" && "$venv/bin/python" -m pip install --no-deps -r "$requirements"; } >"$log" 2>&1; then
  echo "python-beam: installing $requirements failed (log: $log):" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
cp "$requirements" "$installed"
