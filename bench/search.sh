#!/bin/sh
# Position search (issue 9): the full demo on a real disk, `skyway serve`
# started twice per round, alternately with and without the SQLite
# connection's statement cache (SKYWAY_SQLITE_STMT_CACHE=0 is the baseline:
# every statement prepared again, as before), and bench/search/load.mjs
# against each: requests/s and p50/p99 of a fixed query mix at 1 and 50
# connections, with /healthz in the same run.  Prints the machine and its
# load first; figures only, no timed assertions.
#
# MIX=issue14: instead, issue 14's fixed mixed query set (bench/search/load.mjs) on the
# full demo on SQLite and, with BENCH_PG=postgres://user@host:port (a server where a
# database may be created), on PostgreSQL too: p50/p99 per kind of query, with the
# database's size.  No timed assertion; the figures depend on the machine's load.
#
# MODES=search (also with MIX=issue14): instead, this build twice per round, `--search sql` (the SQL path,
# statement cache on: the baseline) then `--search memory` (issue 9's in-memory index,
# src/domain/search_index.h), with the server's CPU per search and its memory.
#
# MODES=update: instead, bench/search/update.c (built here against BUILD's libraries): the
# index brought up to date after one position edit, incremental (migration 0025's log)
# against a whole rebuild, by CPU time, on the demo (and on BENCH_PG's copy when given).
#
# MODES=edits: instead, this build twice per round, SKYWAY_SEARCH_INCREMENTAL=0 (every
# change rebuilds the index whole: the baseline) then 1, bench/search/load.mjs against each
# while bench/search/edits.mjs saves one of hr_demo's positions every 50 ms.
#
# BASELINE="path/to/older/skyway ...": instead of the cache off/on pair, those
# binaries (each labelled by its folder's name) and this build in turn on the same
# database (caches on), in both modes: changes measured before/after in one run,
# under the same load.  The server's CPU time per request is printed beside the
# latencies (it depends far less on the machine's load than they do).
#
# COLD=1: after each load, bench/search/cold.mjs too: searches never asked before (not
# from the index's answer memo), one connection, the server's CPU per search.
#
# Usage: sh bench/search.sh [BUILD_DIR]           (needs build/skyway, node)
# env:   ROUNDS (2)  SECONDS (10 per measurement)  CONCS ("1 50")  THREADS (server's
#        default)  BENCH_DIR (parent of the temporary folder; default /var/tmp)
#        BASELINE (older skyway binaries to compare with)  MODES (search: sql vs memory;
#        update; edits)  DEMO_DB (copy that SQLite demo database instead of making one)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$BUILD/skyway"
ROUNDS=${ROUNDS:-2}
[ -x "$BIN" ] || { echo "no $BIN: build it first" >&2; exit 2; }
TMP=$(mktemp -d "${BENCH_DIR:-/var/tmp}/skyway-search.XXXXXX")
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

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "disk: $(df -PT "$TMP" | awk 'NR == 2 {print $2 " on " $1}'); node $(node --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${DEMO_DB:-}" ]; then # a copy of a demo database made earlier (DEMO_DB=path)
	cp "$DEMO_DB" "$TMP/demo.db"
else
	"$BIN" demo --db "sqlite:$TMP/demo.db" | sed -n '1p'
fi

# start DB_URL [BINARY] [NAME=VALUE…]: a server (this build's unless BINARY) on DB_URL with
# those environment settings; sets PID and BASE.
start() {
	_db=$1 _bin=${2:-$BIN}
	shift
	[ $# -gt 0 ] && shift
	# The last server's file goes first: the new one truncates it only once
	# started, and the wait below must not read the old address.
	rm -f "$TMP/serve.out"
	env "$@" "$_bin" serve --db "$_db" --listen 127.0.0.1:0 ${THREADS:+--threads "$THREADS"} \
		${SEARCH:+--search "$SEARCH"} --access-log off >"$TMP/serve.out" 2>"$TMP/serve.err" &
	PID=$!
	i=0
	until grep -q 'listening on' "$TMP/serve.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$PID" 2>/dev/null; then
			echo "server did not start:" >&2
			cat "$TMP/serve.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	BASE=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$TMP/serve.out")
}

serve() { # serve LABEL CACHE [BINARY]
	start "sqlite:$TMP/demo.db" "${3:-}" SKYWAY_SQLITE_STMT_CACHE="$2"
	SERVER_PID=$PID node "$ROOT/bench/search/load.mjs" "$BASE" "$1" || rc=1
	if [ -n "${COLD:-}" ]; then
		SERVER_PID=$PID node "$ROOT/bench/search/cold.mjs" "$BASE" "$1" || rc=1
	fi
	echo "$1: server memory VmRSS $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$PID/status), VmHWM $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$PID/status)"
	kill "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
}

rc=0
if [ "${MODES:-}" = update ]; then
	P="libmicrohttpd jansson sqlite3 libpq libsodium xlsxwriter inih libzip expat libqrencode zlib icu-uc icu-i18n"
	# shellcheck disable=SC2046 # pkg-config's words
	cc -O2 -I"$ROOT/src" -I"$ROOT/src/match" "$ROOT/bench/search/update.c" \
		"$ROOT/$BUILD/libskyway_core.a" "$ROOT/$BUILD/src/match/libskyway_match.a" \
		$(pkg-config --cflags --libs $P) -lpthread -lm -o "$TMP/update"
	echo "sqlite:"
	"$TMP/update" "sqlite:$TMP/demo.db" "${EDITS:-200}" || rc=1
	if [ -n "${BENCH_PG:-}" ]; then
		DBN=skyway_bench_$$
		psql "$BENCH_PG/postgres" -qc "CREATE DATABASE $DBN" >/dev/null
		"$BIN" demo --db "$BENCH_PG/$DBN" --files "$TMP/pg-files" | sed -n '1p'
		echo "postgres:"
		"$TMP/update" "$BENCH_PG/$DBN" "${EDITS:-200}" || rc=1
		psql "$BENCH_PG/postgres" -qc "DROP DATABASE $DBN" >/dev/null
	fi
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit $rc
fi
if [ "${MODES:-}" = edits ]; then
	edits() { # edits LABEL INCREMENTAL
		start "sqlite:$TMP/demo.db" "" SKYWAY_SEARCH_INCREMENTAL="$2"
		node "$ROOT/bench/search/edits.mjs" "$BASE" &
		EPID=$!
		SERVER_PID=$PID node "$ROOT/bench/search/load.mjs" "$BASE" "$1" || rc=1
		kill -TERM "$EPID"
		wait "$EPID" || rc=1
		kill "$PID"
		wait "$PID" 2>/dev/null || true
		PID=
	}
	r=1
	while [ $r -le "$ROUNDS" ]; do
		edits "round $r: whole rebuild per edit" 0
		edits "round $r: incremental" 1
		r=$((r + 1))
	done
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit $rc
fi
if [ "${MIX:-}" = issue14 ]; then
	mix() { # mix LABEL DB_URL SIZE [BINARY]
		start "$2" "${4:-}"
		echo "$1: database $3"
		SERVER_PID=$PID MIX=issue14 node "$ROOT/bench/search/load.mjs" "$BASE" "$1" || rc=1
		kill "$PID"
		wait "$PID" 2>/dev/null || true
		PID=
	}
	both() { # both LABEL DB_URL SIZE: this build, or BASELINE then this build
		if [ "${MODES:-}" = search ]; then
			SEARCH=sql mix "$1 search sql" "$2" "$3"
			SEARCH=memory mix "$1 search memory" "$2" "$3"
			return
		fi
		for b in ${BASELINE:-}; do
			mix "$1 $(basename "$(dirname "$b")")" "$2" "$3" "$b"
		done
		mix "$1${BASELINE:+ this build}" "$2" "$3"
	}
	both sqlite "sqlite:$TMP/demo.db" "$(du -h "$TMP/demo.db" | cut -f1)B, $(sqlite3 "$TMP/demo.db" 'SELECT COUNT(*) FROM positions' 2>/dev/null || echo '?') positions"
	if [ -n "${BENCH_PG:-}" ]; then
		DBN=skyway_bench_$$
		psql "$BENCH_PG/postgres" -qc "CREATE DATABASE $DBN" >/dev/null
		"$BIN" demo --db "$BENCH_PG/$DBN" --files "$TMP/pg-files" | sed -n '1p'
		SZ=$(psql "$BENCH_PG/$DBN" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
		N=$(psql "$BENCH_PG/$DBN" -Atc "SELECT COUNT(*) FROM positions")
		both postgres "$BENCH_PG/$DBN" "$SZ, $N positions"
		psql "$BENCH_PG/postgres" -qc "DROP DATABASE $DBN" >/dev/null
	fi
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit $rc
fi
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ "${MODES:-}" = search ]; then
		SEARCH=sql serve "round $r: search sql" 1
		SEARCH=memory serve "round $r: search memory" 1
	elif [ -n "${BASELINE:-}" ]; then
		for b in $BASELINE; do
			serve "round $r: $(basename "$(dirname "$b")")" 1 "$b"
		done
		serve "round $r: this build" 1
	else
		serve "round $r: no statement cache" 0
		serve "round $r: statement cache" 1
	fi
	r=$((r + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
