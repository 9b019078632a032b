#!/bin/sh
# kill -9 during a stream of acknowledged writes, many times over, on SQLite and on a
# throwaway PostgreSQL: every write that got a 2xx answer must be there after the restart,
# no position half written, SQLite's integrity_check ok after every kill (the workload is
# tests/security/crash_lib.mjs; tests/security/crash.test.mjs runs 3 cycles in make check).
# Prints the machine and the figures; exits 1 on any loss.
#
# Usage: sh bench/crash.sh [BUILD_DIR]     (needs build/skyway, node, sqlite3, PostgreSQL 15)
# env:   CYCLES (35)  KILL_MS (400: each kill lands 200–600 ms into the writes)
#        BENCH_DIR (parent of the temporary folder: a real disk; default /var/tmp)
#        PG_PORT (the throwaway PostgreSQL's port; default: a free one)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$BUILD/skyway"
[ -x "$BIN" ] || { echo "no $BIN: build it first" >&2; exit 2; }
export SKYWAY_BIN="$BIN" CYCLES=${CYCLES:-35} KILL_MS=${KILL_MS:-400}
export SKYWAY_PASSWORD_COST=min
TMP=$(mktemp -d "${BENCH_DIR:-/var/tmp}/skyway-crash.XXXXXX")
chmod 711 "$TMP" # the postgres user must reach its data folder inside
export TMPDIR="$TMP"
PGDIR="$TMP/pg"
cleanup() {
	sh "$ROOT/tests/lib/pg.sh" stop "$PGDIR" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "database folder: $(df -PT "$TMP" | awk 'NR == 2 {print $2 " on " $1}'); SQLite synchronous=FULL; PostgreSQL with fsync off (the kill hits skyway, not PostgreSQL)"
rc=0
SKYWAY_TEST_BACKEND=sqlite node "$ROOT/bench/crash/run.mjs" || rc=1
PG_PORT=${PG_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
if URL=$(sh "$ROOT/tests/lib/pg.sh" start "$PGDIR" "$PG_PORT" 2>"$TMP/pg.log"); then
	SKYWAY_TEST_BACKEND=postgres SKYWAY_TEST_PG="$URL" node "$ROOT/bench/crash/run.mjs" || rc=1
else
	echo "postgres: could not start a throwaway server:"; cat "$TMP/pg.log"; rc=1
fi
exit $rc
