#!/bin/sh
# Every open deadline recomputed when the working-day calendar changes (issue
# 13): 100,000 open service cases, on SQLite and on a throwaway PostgreSQL.
#
#   bench_services (C, bench/services/): writes the cases with their event
#   histories, then times
#     ours      an officer replaces this year's holiday notice: the change and
#               every open clock recomputed from its events (prefix counts, one
#               scratch table, one UPDATE), in one transaction — the API's path;
#     baseline  the same clocks one case at a time (read, compute, UPDATE),
#               in the same run;
#     engine    the clocks alone, in memory;
#   and checks that ours and the baseline stored the same clocks.
# Prints the machine, wall-clock and CPU times: figures only, no timed
# assertion.  Exits 1 when the two results differ.
#
# Usage: sh bench/services.sh [BUILD_DIR]     (needs make build)
# env:   CASES (100000)  SEED (2026)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CASES=${CASES:-100000}
SEED=${SEED:-2026}
cmake --build "$ROOT/$BUILD" --target bench_services >/dev/null
BENCH="$ROOT/$BUILD/bench/services/bench_services"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/skyway-services.XXXXXX")
chmod 711 "$TMP" # the postgres user must reach its data folder inside
trap 'sh "$ROOT/tests/lib/pg.sh" stop "$TMP/pg" >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== SQLite, $CASES open cases =="
"$BENCH" --db "sqlite:$TMP/bench.db" --cases "$CASES" --seed "$SEED"
echo
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
if sh "$ROOT/tests/lib/pg.sh" start "$TMP/pg" "$PORT" >/dev/null 2>&1; then
	psql -q -h 127.0.0.1 -p "$PORT" -U postgres -c 'CREATE DATABASE bench' postgres
	echo "== PostgreSQL (fsync off, as in the tests), $CASES open cases =="
	"$BENCH" --db "postgres://postgres@127.0.0.1:$PORT/bench" --cases "$CASES" --seed "$SEED"
else
	echo "postgres: could not start a throwaway server"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
