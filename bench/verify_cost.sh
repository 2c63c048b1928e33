#!/usr/bin/env bash
# The cost of the build-time proof (issue 16), on the 14-table models/ of this repository:
#   proof     `migrator verify` of 0001_initial (empty cache) on a server  vs  `migrator upgrade head`
#             of the same revision on a fresh database of the same server
#   cluster   `migrator verify` of it with no server: a throwaway cluster started and stopped, and
#             the build tree's kept data dir (`--cluster-dir`, what migrations-verify passes) started
#             and stopped
#   cached    `migrator verify` with every revision cached (what each later build pays)
#   noop      no-op `cmake --build BUILD --target migrations` with VERIFY on  vs  an empty target
#
#   bench/verify_cost.sh BUILD_DIR [RUNS]     (BUILD_DIR: a configured and built tree of this repo)
# Uses hyperfine; starts its own throwaway PostgreSQL for the server figures.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "$1" && pwd)
runs=${2:-10}
migrator=$build/migrator

# shellcheck source=../scripts/lib/throwaway-postgres.sh
source "$root/scripts/lib/throwaway-postgres.sh"
throwaway_postgres_start
work=$(mktemp -d /tmp/strata-verify-bench.XXXXXX)
chmod 755 "$work"  # the cluster owner (postgres) must reach the kept data dir
trap 'rm -rf "$work"; throwaway_postgres_stop' EXIT
base=${THROWAWAY_PG_URL%/postgres}

hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$work/proof.md" \
  -n 'migrator verify (1 revision, server)' \
  --prepare "rm -f $work/cache" "$migrator verify --cache $work/cache --url $THROWAWAY_PG_URL" \
  -n 'migrator upgrade head (fresh database)' \
  --prepare "psql -q $THROWAWAY_PG_URL -c 'DROP DATABASE IF EXISTS upgrade_bench' -c 'CREATE DATABASE upgrade_bench'" \
  "$migrator upgrade head --url $base/upgrade_bench"
hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$work/cluster.md" \
  -n 'migrator verify (1 revision, throwaway cluster)' \
  --prepare "rm -f $work/cache" "env -u STRATA_VERIFY_URL $migrator verify --cache $work/cache" \
  -n 'migrator verify (1 revision, kept data dir)' \
  --prepare "rm -f $work/cache" \
  "env -u STRATA_VERIFY_URL $migrator verify --cache $work/cache --cluster-dir $work/kept-cluster"
"$migrator" verify --cache "$work/cache" --url "$THROWAWAY_PG_URL" 2>/dev/null
hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/cached.md" \
  -n 'migrator verify (all cached)' "$migrator verify --cache $work/cache"
cmake --build "$build" --target migrations >/dev/null
hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/noop.md" \
  -n 'no-op --target migrations (VERIFY on)' "cmake --build $build --target migrations" \
  -n "empty target (list_install_components: phony, no inputs)" "cmake --build $build --target list_install_components"
cat "$work"/{proof,cluster,cached,noop}.md
