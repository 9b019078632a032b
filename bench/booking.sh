#!/bin/sh
# Room bookings (issue 11): builds a small demo (the incubator part is full
# size) on a real disk, starts `skyway serve` on loopback and runs
# bench/booking/load.mjs: N bookings of distinct slots over CONC connections
# (bookings per second, p50 and p99 of a 201), then RACE simultaneous
# requests for one room and hour (exactly one wins).  With BENCH_PG set to a
# PostgreSQL base URL (tests/lib/pg.sh start ...), the same on PostgreSQL.
# Prints the machine first and figures only (no timed assertions); exits 1
# when a count does not add up.
#
# Usage: sh bench/booking.sh [BUILD_DIR]        (needs build/skyway, node)
# env:   THREADS (the server's default: 2 per core, at least 4)  N (2000)  CONC (32)
#        RACE (200)  BENCH_DIR (parent of the temporary folder; default /var/tmp)
#        BENCH_PG (postgres://user@host:port, optional)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$BUILD/skyway"
cores=$(nproc)
THREADS=${THREADS:-$((cores > 2 ? cores * 2 : 4))}
export N=${N:-2000} CONC=${CONC:-32} RACE=${RACE:-200}
[ -x "$BIN" ] || { echo "no $BIN: build it first" >&2; exit 2; }

TMP=$(mktemp -d "${BENCH_DIR:-/var/tmp}/skyway-booking.XXXXXX")
PID=
cleanup() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export SKYWAY_DATA_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')

fs=$(df -PT "$TMP" | awk 'NR == 2 {print $2 " on " $1}')
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "disk of the SQLite database: $fs; kernel $(uname -sr); node $(node --version)"
echo "server: --threads $THREADS; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
case $fs in tmpfs*|ramfs*) echo "WARNING: $TMP is in memory: fsync costs nothing here" ;; esac

rc=0
run() { # run NAME URL
	"$BIN" demo --db "$2" --scale 0.01 | sed -n '2p'
	"$BIN" serve --db "$2" --listen 127.0.0.1:0 --threads "$THREADS" --files "$TMP/files" \
		--access-log off >"$TMP/serve.out" 2>"$TMP/serve.err" &
	PID=$!
	i=0
	until grep -q 'listening on' "$TMP/serve.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$PID" 2>/dev/null; then
			echo "server did not start:" >&2
			cat "$TMP/serve.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	BASE=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$TMP/serve.out")
	echo
	echo "== $1 =="
	node "$ROOT/bench/booking/load.mjs" "$BASE" || rc=1
	if ! kill -0 "$PID" 2>/dev/null; then
		echo "SERVER DIED during the bench:" && tail -20 "$TMP/serve.err"
		rc=1
	fi
	kill "$PID" 2>/dev/null || true
	wait "$PID" 2>/dev/null || true
	PID=
}

run "SQLite (synchronous=FULL)" "sqlite:$TMP/booking.db"
if [ -n "${BENCH_PG:-}" ]; then
	name="skyway_bench_booking_$$"
	psql "$BENCH_PG/postgres" -qc "CREATE DATABASE $name" >/dev/null
	run "PostgreSQL" "$BENCH_PG/$name" || true
	psql "$BENCH_PG/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
