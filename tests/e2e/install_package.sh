#!/usr/bin/env bash
# Builds Strata once (Release, no tests, only the installed targets) and installs it into a
# prefix, the way a platform machine would: the package every other e2e test finds.
#   install_package.sh <strata source dir> <build dir> <install prefix>
set -euo pipefail
source_dir=$1 build_dir=$2 prefix=$3

cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSTRATA_BUILD_TESTS=OFF -DSTRATA_GENERATE=ON
# Only what is installed: building `all` would also run the generator over Strata's own models.
cmake --build "$build_dir" -j2 --target strata-gen strata-registry strata_migrator_main strata_core strata_runner
rm -rf "$prefix"
cmake --install "$build_dir" --prefix "$prefix"
test -f "$prefix/lib/cmake/Strata/StrataConfig.cmake"
test -x "$prefix/bin/strata-gen"
test -x "$prefix/bin/strata-import"  # strata-gen import runs it from strata-gen's directory
test -x "$prefix/bin/strata-registry"
