# Sourced by the e2e test scripts: arguments, a temp copy of the fixture project, assertions.
#   <test>.sh <strata source dir> <fixture project dir> <Strata install prefix>
set -euo pipefail
strata_source_dir=$1 fixture_dir=$2 strata_prefix=$3
source "$strata_source_dir/scripts/lib/throwaway-postgres.sh"

e2e_work=$(mktemp -d /tmp/strata-e2e.XXXXXX)
project=$e2e_work/project
build=$project/build
cp -r "$fixture_dir" "$project"
rm -rf "$build"

e2e_cleanup() {
  throwaway_postgres_stop
  rm -rf "$e2e_work"
}
trap e2e_cleanup EXIT

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

step() {
  printf '\n=== %s\n' "$*"
}

# Runs a command, keeps its combined output in $out (and shows it); fails the test on error.
run() {
  local status=0
  out=$("$@" 2>&1) || status=$?
  printf '%s\n' "$out"
  [[ $status -eq 0 ]] || fail "exit status $status: $*"
}

# Runs a command that must fail; keeps its output in $out.
run_failing() {
  local status=0
  out=$("$@" 2>&1) || status=$?
  printf '%s\n' "$out"
  [[ $status -ne 0 ]] || fail "expected a failure: $*"
}

expect_output() {
  grep -qF -- "$1" <<<"$out" || fail "output lacks '$1'"
}

expect_no_output() {
  ! grep -qF -- "$1" <<<"$out" || fail "output unexpectedly has '$1'"
}

configure_project() {
  run cmake -S "$project" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_PREFIX_PATH=$strata_prefix" "$@"
}

# A fresh database on a throwaway server; SHOP_DATABASE_URL (the fixture's DATABASE_URL_ENV) set.
start_database() {
  throwaway_postgres_start
  trap e2e_cleanup EXIT  # throwaway_postgres_start installed its own trap; ours also stops it
  psql_bin=$THROWAWAY_PG_BIN/psql
  "$psql_bin" -q -v ON_ERROR_STOP=1 -d "$THROWAWAY_PG_URL" -c 'CREATE DATABASE "shop"'
  export SHOP_DATABASE_URL="postgresql://postgres@127.0.0.1:$THROWAWAY_PG_PORT/shop"
}

sql_value() {
  "$psql_bin" -tA -v ON_ERROR_STOP=1 -d "$SHOP_DATABASE_URL" -c "$1"
}

revision_count() {
  local files=("$project"/migrations/*.up.sql)
  echo "${#files[@]}"
}
