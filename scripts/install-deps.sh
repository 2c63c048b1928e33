#!/usr/bin/env bash
# Installs everything Strata needs to build, test and benchmark on Debian 12 (run as root).
# Idempotent: packages already present are left as they are.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang-14 libclang-14-dev libclang-dev
  libpqxx-dev libpq-dev
  libkainjow-mustache-dev nlohmann-json3-dev libcli11-dev
  libgoogle-perftools-dev  # tcmalloc, strata-gen's allocator
  libgtest-dev googletest
  postgresql-15 postgresql-client-15
  python3 python3-alembic python3-sqlalchemy python3-psycopg2
  hyperfine time python3-pystache
  # Citus, built from ../shared/vendor by scripts/build-citus.sh for the tests on a real Citus.
  postgresql-server-dev-15 libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev
  libssl-dev libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm, for squawk below: Debian's package only when there is no npm at all (NodeSource's nodejs
# bundles its own npm and conflicts with Debian's).
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi

# squawk-cli, the external judge of online revisions (tests/generator/online_pair_golden_test.cpp),
# from the npm registry into a tools directory here, never at build or test time. The tests look
# for it at $tools_dir/node_modules/.bin/squawk (CMake's STRATA_SQUAWK names another place).
tools_dir=${STRATA_TOOLS_DIR:-/opt/strata-tools}
squawk_version=2.66.0
if [[ "$("$tools_dir/node_modules/.bin/squawk" --version 2>/dev/null)" != "squawk $squawk_version" ]]; then
  mkdir -p "$tools_dir"
  npm install --prefix "$tools_dir" --no-audit --no-fund --no-save "squawk-cli@$squawk_version"
fi
