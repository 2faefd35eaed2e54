#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints its connection string.
# Usage: eval "$(scripts/start-postgres.sh DIR)"   (exports PROMPTSTACK_TEST_POSTGRES and PG_TEST_DIR)
set -euo pipefail
dir="${1:-$(mktemp -d /tmp/promptstack-pg.XXXXXX)}"
mkdir -p "$dir"
bin=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)")
if [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown -R postgres "$dir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null
echo "export PROMPTSTACK_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50'"
echo "export PG_TEST_DIR='$dir'"
