#!/bin/sh
# Times `skyway demo` at the article's scale (11 colleges, 517 enterprises,
# 6,680 positions, 110,000 students) on SQLite and on a throwaway
# PostgreSQL, and prints the figures with the machine they ran on.
# Usage: bench/demo.sh [BUILD_DIR]   (needs a built skyway; not part of make check)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$BUILD/skyway"
TMP=$(mktemp -d)
chmod 711 "$TMP" # the postgres user must reach its data folder inside
trap 'sh "$ROOT/tests/lib/pg.sh" stop "$TMP/pg" >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
export SKYWAY_DATA_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

t0=$(date +%s.%N)
"$BIN" demo --db "sqlite:$TMP/demo.db" | head -1
t1=$(date +%s.%N)
echo "sqlite: $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s wall, database $(du -h "$TMP/demo.db" | cut -f1)"

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
if sh "$ROOT/tests/lib/pg.sh" start "$TMP/pg" "$PORT" >/dev/null 2>&1; then
	psql -q -h 127.0.0.1 -p "$PORT" -U postgres -c 'CREATE DATABASE bench' postgres
	t0=$(date +%s.%N)
	"$BIN" demo --db "postgres://postgres@127.0.0.1:$PORT/bench" | head -1
	t1=$(date +%s.%N)
	echo "postgres (fsync off, as in tests): $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s wall"
else
	echo "postgres: could not start a throwaway server"
fi
