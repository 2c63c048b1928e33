#!/usr/bin/env bash
# Builds and installs Citus for the tests that run on a real Citus (DESIGN.md, "Scale-out"):
# the vendored source tarball, built in BUILD_DIR (kept there: a second run only re-installs),
# then installed into PostgreSQL 15 (needs root). Does nothing when citus.so is installed already.
# JIT bitcode (with_llvm) is not built: it only serves JIT inlining and doubles the build time.
# No network: the source is ../shared/vendor/citus-13.0.5.tar.gz or $STRATA_CITUS_TARBALL.
#   usage: scripts/build-citus.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "${1:?usage: build-citus.sh BUILD_DIR}"
build_dir=$(cd "$1" && pwd)
pg_config=${STRATA_PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
tarball=${STRATA_CITUS_TARBALL:-$root/../../shared/vendor/citus-13.0.5.tar.gz}
[[ -f $tarball ]] || tarball=$root/../shared/vendor/citus-13.0.5.tar.gz

installed="$("$pg_config" --pkglibdir)/citus.so"
if [[ -f $installed && -f "$("$pg_config" --sharedir)/extension/citus.control" ]]; then
  echo "build-citus: $installed is installed already"
  exit 0
fi
if [[ ! -f $tarball ]]; then
  echo "build-citus: no Citus source: $tarball not found (set STRATA_CITUS_TARBALL)" >&2
  exit 1
fi


src="$build_dir/citus-13.0.5"
if [[ ! -f $build_dir/built.stamp ]]; then
  rm -rf "$src"
  tar -xzf "$tarball" -C "$build_dir"
  (cd "$src" && ./configure PG_CONFIG="$pg_config" >"$build_dir/configure.log" 2>&1) ||
    { tail -30 "$build_dir/configure.log" >&2; exit 1; }
  make -C "$src" -j2 with_llvm=no >"$build_dir/make.log" 2>&1 || { tail -30 "$build_dir/make.log" >&2; exit 1; }
  touch "$build_dir/built.stamp"
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "build-citus: built in $src; installing into PostgreSQL needs root: run 'make -C $src install' as root" >&2
  exit 1
fi
make -C "$src" install with_llvm=no >"$build_dir/install.log" 2>&1 || { tail -30 "$build_dir/install.log" >&2; exit 1; }
echo "build-citus: installed $installed"
