#!/usr/bin/env bash
# The README's test command: install dependencies, check that every model change has its
# revision, build everything and run the whole suite (unit, real-PostgreSQL, end-to-end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STRATA_BUILD_DIR:-$root/build/test}

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
# First, before anything could generate a revision: models/ must match migrations/.
cmake --build "$build" -j2 --target migrations-check
cmake --build "$build" -j2
# Every revision of migrations/ proven (up, down, up) on a throwaway PostgreSQL or $STRATA_VERIFY_URL.
cmake --build "$build" -j2 --target migrations-verify
ctest --test-dir "$build" -j2 --output-on-failure --timeout 900
