#!/usr/bin/env bash
# The platform team's migration script, same verbs as the Alembic-era one, now driving Strata:
# the `migrations` / `migrations-check` CMake targets and the `migrator` binary.
#
#   scripts/run_migrations.sh migrate [REV]          apply revisions (default: head)
#   scripts/run_migrations.sh generate-app "message"  write the next revision from the models, rebuild migrator
#   scripts/run_migrations.sh status                  database revision vs. the migrator's head
#   scripts/run_migrations.sh check                   fail when the models have changes without a revision
#   scripts/run_migrations.sh help
#
# Environment: STRATA_BUILD_DIR (default <repo>/build), STRATA_MIGRATOR (default
# $STRATA_BUILD_DIR/migrator), AUTOML_DATABASE_URL (read by the migrator itself, so the password
# never appears on a command line).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STRATA_BUILD_DIR:-$root/build}
migrator=${STRATA_MIGRATOR:-$build_dir/migrator}

usage() {
  cat <<USAGE
Usage: $(basename "$0") <command> [arguments]

Commands:
  migrate [REV]            apply revisions up to REV (default: head)      ~ alembic upgrade head
  generate-app "message"   generate the next revision from the models      ~ alembic revision --autogenerate -m
                           and rebuild the migrator (cmake --build <build> --target migrations)
  status                   show the database's revision and the head      ~ alembic current / heads
  check                    fail if the models have changes without a revision (no database needed)
  help                     this text

Environment:
  STRATA_BUILD_DIR     the CMake build directory (now: $build_dir)
  STRATA_MIGRATOR      the migrator binary (now: $migrator)
  AUTOML_DATABASE_URL  the database, read by the migrator (else libpq's PG* variables)
USAGE
}

die() {
  printf '%s: error: %s\n' "$(basename "$0")" "$1" >&2
  exit "${2:-2}"
}

require_build_dir() {
  [[ -f $build_dir/CMakeCache.txt ]] \
    || die "no CMake build in '$build_dir'; configure one (cmake -S $root -B $build_dir -G Ninja) or set STRATA_BUILD_DIR"
}

# The migrator as built: applying never generates (that is generate-app's job, reviewed first).
run_migrator() {
  [[ -x $migrator ]] \
    || die "no migrator at '$migrator'; build it (cmake --build $build_dir --target migrations) or set STRATA_MIGRATOR"
  "$migrator" "$@"
}

command=${1:-help}
[[ $# -gt 0 ]] && shift

case $command in
  migrate)
    [[ $# -le 1 ]] || die "migrate takes at most one revision"
    run_migrator upgrade "${1:-head}"
    ;;
  generate-app)
    [[ $# -eq 1 && -n $1 ]] || die 'generate-app needs one message: generate-app "add user table"'
    require_build_dir
    STRATA_MESSAGE=$1 cmake --build "$build_dir" --target migrations
    ;;
  status)
    [[ $# -eq 0 ]] || die "status takes no arguments"
    run_migrator status
    ;;
  check)
    [[ $# -eq 0 ]] || die "check takes no arguments"
    require_build_dir
    cmake --build "$build_dir" --target migrations-check
    ;;
  help | -h | --help)
    usage
    ;;
  *)
    usage >&2
    die "unknown command '$command'"
    ;;
esac
