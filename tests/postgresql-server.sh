#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's postgresql package (installed when missing).
#   postgresql-server.sh start DIR   initdb DIR, start on a free 127.0.0.1 port, print the connection string
#   postgresql-server.sh stop DIR    stop it and delete DIR
# The server runs as the postgres system user when this runs as root (postgres refuses root).
set -euo pipefail
command=${1:?usage: postgresql-server.sh start|stop DIR}
dir=${2:?usage: postgresql-server.sh start|stop DIR}

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ]; then
    echo "postgresql-server.sh: no PostgreSQL server binaries; installing Debian's postgresql package." >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$command" in
  start)
    bin=$(bin_dir)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$password" > "$dir.pw"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir.pw"; fi
    as_server_user "$bin/initdb" -D "$dir/data" -U engine --pwfile="$dir.pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$dir.pw"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=engine;Password=$password;Database=postgres"
    ;;
  stop)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgresql-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
