#!/usr/bin/env bash
# Run a command against a private, throwaway PostgreSQL cluster on 127.0.0.1.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Starts a new cluster in a temporary folder (ICU locale nb-NO, so that æøå sort as in
# Norwegian; fsync off: the data is thrown away), creates the database `app`, runs COMMAND with
# DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/app (and PGHOST/PGPORT/PGUSER) set, then
# stops the cluster and deletes the folder, also when COMMAND fails or is interrupted. Exits
# with COMMAND's status.
#
# PGPORT: the port (default: a free one chosen at start). As root the server runs as the
# `postgres` user; otherwise as you. Exits 3 with one line saying so when no PostgreSQL server
# binaries are installed (Debian: apt-get install postgresql).
set -euo pipefail

if (($# == 0)); then
    echo "usage: scripts/with-postgres.sh COMMAND [ARG...]" >&2
    exit 2
fi

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
    echo "with-postgres: fant ingen PostgreSQL-server (initdb) under /usr/lib/postgresql/*/bin;" \
        "installer med: apt-get install postgresql" >&2
    exit 3
fi

if [[ -z "${PGPORT:-}" ]]; then
    PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
export PGPORT

PGDATA=$(mktemp -d "${TMPDIR:-/tmp}/behovsmelding-pg.XXXXXX")
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$PGDATA"
    as_pg=(runuser -u postgres --)
fi
chmod 700 "$PGDATA"

stop() {
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA" "$PGDATA.initdb.log"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --locale-provider=icu --icu-locale=nb-NO >"$PGDATA.initdb.log" 2>&1 || {
    cat "$PGDATA.initdb.log" >&2
    exit 3
}
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    cat "$PGDATA/server.log" >&2
    exit 3
}
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres app

export PGHOST=127.0.0.1 PGUSER=postgres
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/app"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') på 127.0.0.1:$PGPORT ($PGDATA)" >&2
status=0
"$@" || status=$?
exit "$status"
