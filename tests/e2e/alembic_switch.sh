#!/usr/bin/env bash
# README "Switching from Alembic", step by step on a real PostgreSQL 15: an automl_app database
# that Alembic built and manages (`python3 -m alembic upgrade head`, alembic_version present) is
# taken over by the migrator built from the shipped models (`adopt --drop-alembic-version`), then
# goes on with Strata alone; a half-migrated one (Alembic one revision behind) is refused with the
# difference printed and nothing changed, and adopted once Alembic finished it.
#
# Step 1's other way, `strata-gen import`, writes the models from that live database.
#
#   alembic_switch.sh MIGRATOR REPO_ROOT STRATA_GEN
set -euo pipefail
migrator=$1
root=$2
strata_gen=$3
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# shellcheck source=../../scripts/lib/throwaway-postgres.sh
source "$root/scripts/lib/throwaway-postgres.sh"
throwaway_postgres_start
work=$(mktemp -d /tmp/strata-alembic-switch.XXXXXX)
trap 'throwaway_postgres_stop; rm -rf "$work"' EXIT
base_url=${THROWAWAY_PG_URL%/postgres}
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# The Alembic project as the seed has it (alembic.ini, env.py reading AUTOML_DATABASE_URL,
# versions/): revision a1 builds the schema, leaving one index to revision b2.
initial_sql=$root/migrations/0001_initial.up.sql
index_line=$(grep -m1 '^CREATE INDEX "ix_audit_events_request_id"' "$initial_sql")
mkdir -p "$work/alembic/versions"
cat >"$work/alembic.ini" <<INI
[alembic]
script_location = $work/alembic
INI
cat >"$work/alembic/env.py" <<'PY'
import os
from alembic import context
from sqlalchemy import create_engine

url = os.environ["AUTOML_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg2://", 1)
with create_engine(url).connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
PY
cat >"$work/alembic/versions/a1_initial.py" <<PY
from alembic import op

import glob

revision = "a1b2c3d4e5f6"
down_revision = None


def upgrade():
    # Every Strata revision's SQL (0001, then the later ones): the schema Alembic built is head's.
    for path in sorted(glob.glob("$root/migrations/[0-9]*.up.sql")):
        op.get_bind().exec_driver_sql(open(path).read())
    op.get_bind().exec_driver_sql('DROP INDEX "audit"."ix_audit_events_request_id"')
PY
cat >"$work/alembic/versions/b2_request_index.py" <<PY
from alembic import op

revision = "b2c3d4e5f6a7"
down_revision = "a1b2c3d4e5f6"


def upgrade():
    op.get_bind().exec_driver_sql('''$index_line''')
PY
alembic() { /usr/bin/python3 -m alembic -c "$work/alembic.ini" "$@" >/dev/null; }

step "an automl_app database that Alembic built and manages, with rows"
sql "$THROWAWAY_PG_URL" "CREATE DATABASE automl_app"
export AUTOML_DATABASE_URL=$base_url/automl_app
alembic upgrade head
[[ $(sql "$AUTOML_DATABASE_URL" "SELECT version_num FROM alembic_version") == b2c3d4e5f6a7 ]] || fail "Alembic is not at head"
sql "$AUTOML_DATABASE_URL" "INSERT INTO audit.audit_events (actor_type, event_type, outcome, resource_id, event_hash)
  VALUES ('user', 'login', 'success', NULL, sha256('a')), ('system', repeat('é', 128), 'failure', 'Zoë ☃', sha256('b'))"
rows_before=$(sql "$AUTOML_DATABASE_URL" "SELECT string_agg(event_type || '/' || coalesce(resource_id, '-'), ',' ORDER BY id) FROM audit.audit_events")

step "1. (or) strata-gen import: a header per table and per schema's enums; alembic_version is no model"
# The audit triggers, their function and the view are SQL_OBJECTS files (models/sql/): import
# writes them under sql/, next to the headers.
"$strata_gen" import --url "$AUTOML_DATABASE_URL" --schemas public,audit --out "$work/imported" \
  >"$work/import.out" 2>"$work/import.err" || { cat "$work/import.err"; fail "import failed"; }
[[ $(grep -c '\.hpp$' "$work/import.out") == 16 ]] || { cat "$work/import.out"; fail "import did not write 14 tables and 2 enum headers"; }
[[ $(grep -c '/sql/.*\.sql$' "$work/import.out") == 5 ]] || { cat "$work/import.out"; fail "import did not write the view, the function and 3 triggers"; }
grep -q '^CREATE VIEW public.active_projects AS' "$work/imported/sql/public.active_projects.view.sql" || fail "the view was not written"
grep -q "add $work/imported/sql to strata_add_migrations(SQL_OBJECTS" "$work/import.err" || { cat "$work/import.err"; fail "import did not name the SQL_OBJECTS directory"; }
grep -q 'STRATA_TABLE("audit_events")' "$work/imported/audit/audit_events.hpp" || fail "audit.audit_events not imported"
! grep -rq alembic_version "$work/imported" || fail "alembic_version was imported"

step "3. migrator adopt --drop-alembic-version: the schema matches head, the history is stamped"
"$migrator" adopt --drop-alembic-version 2>"$work/adopt.err" || { cat "$work/adopt.err"; fail "adopt failed"; }
grep -q "found alembic_version (Alembic revision b2c3d4e5f6a7)" "$work/adopt.err" || fail "adopt did not report alembic_version"
grep -q "dropped alembic_version" "$work/adopt.err" || fail "adopt did not drop alembic_version"
[[ $(sql "$AUTOML_DATABASE_URL" "SELECT to_regclass('public.alembic_version') IS NULL") == t ]] || fail "alembic_version is still there"
"$migrator" check || fail "check after adopt"
[[ $("$migrator" current) == *"(head)"* ]] || fail "current is not head"
[[ $(sql "$AUTOML_DATABASE_URL" "SELECT string_agg(event_type || '/' || coalesce(resource_id, '-'), ',' ORDER BY id) FROM audit.audit_events") == "$rows_before" ]] \
  || fail "rows changed"

step "4. from now on Strata alone (the next model change: migrations target, then upgrade head)"
"$migrator" upgrade head || fail "upgrade head"
"$migrator" status || fail "status"

step "a half-migrated Alembic database: adopt refuses, prints the difference, changes nothing"
sql "$THROWAWAY_PG_URL" "CREATE DATABASE automl_half"
export AUTOML_DATABASE_URL=$base_url/automl_half
alembic upgrade a1b2c3d4e5f6
set +e
"$migrator" adopt --drop-alembic-version >"$work/half.out" 2>"$work/half.err"
status=$?
set -e
[[ $status -eq 1 ]] || { cat "$work/half.err"; fail "adopt of a half-migrated database exited $status, not 1"; }
grep -q 'CREATE INDEX "ix_audit_events_request_id"' "$work/half.out" || { cat "$work/half.out"; fail "the missing index is not printed"; }
grep -q "nothing was changed" "$work/half.err" || fail "adopt did not say nothing was changed"
[[ $(sql "$AUTOML_DATABASE_URL" "SELECT version_num FROM alembic_version") == a1b2c3d4e5f6 ]] || fail "alembic_version changed"
[[ $(sql "$AUTOML_DATABASE_URL" "SELECT to_regclass('public.strata_history') IS NULL") == t ]] || fail "a history was written"

step "finish it with Alembic (or apply the printed SQL), then adopt"
alembic upgrade head
"$migrator" adopt --drop-alembic-version 2>/dev/null || fail "adopt after Alembic's last revision"
"$migrator" check || fail "check"
echo "PASS"
