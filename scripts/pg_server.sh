#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the engine-comparison tests.
#   scripts/pg_server.sh start [DIR]   initdb + pg_ctl start in DIR (default /tmp/ewm-postgres-$PGPORT)
#   scripts/pg_server.sh stop  [DIR]   stop it and remove DIR
# Installs Debian's postgresql package when initdb is missing (needs root). Port: $PGPORT
# (default 55432). Trust authentication, loopback only: never for real data.
set -euo pipefail
action="${1:?usage: pg_server.sh start|stop [DIR]}"
port="${PGPORT:-55432}"
dir="${2:-/tmp/ewm-postgres-$port}"

find_bin() {
  local name="$1" found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$found" ] && [ -x "$found/$name" ]; then echo "$found/$name"; return; fi
  command -v "$name" || true
}

as_owner() {
  # initdb and postgres refuse to run as root: run them as the postgres user then.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ -z "$(find_bin initdb)" ]; then
      if [ "$(id -u)" != "0" ]; then
        echo "pg_server.sh: PostgreSQL is not installed and this is not root: apt-get install postgresql" >&2
        exit 1
      fi
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    initdb="$(find_bin initdb)"; pg_ctl="$(find_bin pg_ctl)"
    if [ -f "$dir/data/postmaster.pid" ]; then echo "already running: $dir"; exit 0; fi
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
    as_owner "$initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "PostgreSQL running on 127.0.0.1:$port (data in $dir)"
    ;;
  stop)
    pg_ctl="$(find_bin pg_ctl)"
    if [ -n "$pg_ctl" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg_server.sh start|stop [DIR]" >&2; exit 2 ;;
esac
