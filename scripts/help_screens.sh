#!/usr/bin/env bash
# Every help screen of the CLI from the tree at $1 (its src/), one file each into $2, so two
# trees' screens can be diffed (0e853a4's "51 help screens identical" came from this probe):
#   bash scripts/help_screens.sh /tmp/old/src /tmp/help_before
#   bash scripts/help_screens.sh src /tmp/help_after && diff -r /tmp/help_before /tmp/help_after
set -euo pipefail
src=$1
out=$2
python=${PYTHON:-/work/main/.venv/bin/python}
mkdir -p "$out"
run() { COLUMNS=100 PYTHONPATH=$src "$python" -m wxintel "$@" >"$out/$(echo "$*" | tr ' /' '__').txt" 2>&1 || true; }
run --help
run
commands=$(COLUMNS=200 PYTHONPATH=$src "$python" -m wxintel --help | sed -n '/Commands/,$p' | grep -o '^│ [a-z-]*' | awk '{print $2}')
for c in $commands; do
  run "$c" --help
  for s in $(COLUMNS=200 PYTHONPATH=$src "$python" -m wxintel "$c" --help | sed -n '/Commands/,$p' | grep -o '^│ [a-z-]*' | awk '{print $2}'); do
    run "$c" "$s" --help
  done
done
