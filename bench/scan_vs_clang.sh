#!/usr/bin/env bash
# Issue 2: `strata-gen inspect` of the platform's models/ (and of a synthetic 200-table model) as a
# ratio to clang++-14 -fsyntax-only of the same headers. Extra arguments go to bench/run.
exec "$(dirname "${BASH_SOURCE[0]}")/run" --only inspect --sizes 200 "$@"
