#!/usr/bin/env bash
# Stops the server started by start-postgres.sh and removes its folder.
set -uo pipefail
dir="$1"
bin=$(dirname "$(command -v pg_ctl 2>/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")
if [ "$(id -u)" = 0 ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
else
  "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
fi
rm -rf "$dir"
