#!/usr/bin/env bash
# The README's main command: install dependencies, build strata-gen and the AutoML migrator
# (`migrations` target: generates a revision first if the models changed), then upgrade a
# database to head and show `current`, `history --verbose` and `check`.
#
# The database is AUTOML_DATABASE_URL when set; otherwise a throwaway PostgreSQL cluster with a
# fresh `automl_app` database, stopped and removed when the script ends.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STRATA_BUILD_DIR:-$root/build/main}

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_TESTS=OFF
cmake --build "$build" -j2 --target migrations

if [[ -z ${AUTOML_DATABASE_URL:-} ]]; then
  # shellcheck source=lib/throwaway-postgres.sh
  source "$root/scripts/lib/throwaway-postgres.sh"
  throwaway_postgres_start
  "$THROWAWAY_PG_BIN/createdb" -h 127.0.0.1 -p "$THROWAWAY_PG_PORT" -U postgres automl_app
  export AUTOML_DATABASE_URL="postgresql://postgres@127.0.0.1:$THROWAWAY_PG_PORT/automl_app"
  echo "== throwaway PostgreSQL at $AUTOML_DATABASE_URL (removed on exit)"
fi

migrator=$build/migrator
run() { echo; echo "\$ migrator $*"; "$migrator" "$@"; }
run upgrade head
run current
run history --verbose
run check
