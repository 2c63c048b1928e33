#!/usr/bin/env bash
# Issue 3: `strata-gen generate` on a synthetic 500-table model (the initial revision) as a
# ratio to clang++-14 -fsyntax-only of the same headers (and to alembic autogenerate).
exec "$(dirname "${BASH_SOURCE[0]}")/run" --only generate --sizes 500 "$@"
