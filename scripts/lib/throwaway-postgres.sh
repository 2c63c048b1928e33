# Sourced by scripts: start and stop a throwaway PostgreSQL 15 cluster (data and socket in a temp
# dir, a free port on 127.0.0.1, run as the `postgres` OS user when we are root).
# After throwaway_postgres_start: THROWAWAY_PG_URL (database "postgres") and THROWAWAY_PG_PORT.
# THROWAWAY_PG_OPTIONS adds server options ("-c shared_preload_libraries=citus"). Called again, it
# starts one more cluster (the variables then name the newest); the EXIT trap stops them all.

THROWAWAY_PG_BIN=${THROWAWAY_PG_BIN:-/usr/lib/postgresql/15/bin}
THROWAWAY_PG_DIRS=()

_throwaway_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_throwaway_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

throwaway_postgres_start() {
  THROWAWAY_PG_DIR=$(mktemp -d /tmp/strata-pg.XXXXXX)
  chmod 755 "$THROWAWAY_PG_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$THROWAWAY_PG_DIR"
  THROWAWAY_PG_PORT=$(_throwaway_free_port)
  _throwaway_as_owner "$THROWAWAY_PG_BIN/initdb" -D "$THROWAWAY_PG_DIR/data" -U postgres \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$THROWAWAY_PG_DIR/initdb.log" 2>&1 \
    || { cat "$THROWAWAY_PG_DIR/initdb.log" >&2; return 1; }
  _throwaway_as_owner "$THROWAWAY_PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -w -l "$THROWAWAY_PG_DIR/server.log" \
    -o "-p $THROWAWAY_PG_PORT -k $THROWAWAY_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_locks_per_transaction=1024 ${THROWAWAY_PG_OPTIONS:-}" \
    start >/dev/null || { cat "$THROWAWAY_PG_DIR/server.log" >&2; return 1; }
  THROWAWAY_PG_URL="postgresql://postgres@127.0.0.1:$THROWAWAY_PG_PORT/postgres"
  THROWAWAY_PG_DIRS+=("$THROWAWAY_PG_DIR")
  trap throwaway_postgres_stop EXIT
}

throwaway_postgres_stop() {
  local dir
  for dir in "${THROWAWAY_PG_DIRS[@]}"; do
    [[ -d $dir ]] || continue
    _throwaway_as_owner "$THROWAWAY_PG_BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  done
  THROWAWAY_PG_DIRS=()
  THROWAWAY_PG_DIR=
}
