#!/bin/sh
# Runs every test suite, even after one fails, and ends with the line
# "N passed, N failed".  Usage: scripts/check.sh BUILD_DIR ASAN_BUILD_DIR
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Absolute paths: test harnesses start the binary from other folders.
BUILD=$ROOT/${1:-build}
ASAN=$ROOT/${2:-build-asan}
# Test databases live in memory-backed /dev/shm when there is one: the
# server still fsyncs every commit (synchronous=FULL), tmpfs makes that free.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=$(mktemp -d /dev/shm/skyway-check.XXXXXX)
	chmod 711 "$TMPDIR"
	export TMPDIR
fi
LOG=$(mktemp -d "${TMPDIR:-/tmp}/skyway-check.XXXXXX")
chmod 711 "$LOG" # the postgres user must reach its data folder inside
PASSED=0
FAILED=0
SUITES_FAILED=""

count_ctest() { # $1 log
	line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$1" | tail -1)
	total=$(echo "$line" | sed -E 's/.*out of ([0-9]+).*/\1/')
	bad=$(echo "$line" | sed -E 's/.*, ([0-9]+) tests failed.*/\1/')
	[ -n "$line" ] || { total=1; bad=1; }
	PASSED=$((PASSED + total - bad))
	FAILED=$((FAILED + bad))
}

count_node() { # $1 log
	p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
	f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=1
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

run_suite() { # $1 name, $2 kind (ctest|node), rest: command
	name=$1
	kind=$2
	shift 2
	echo "== $name"
	"$@" >"$LOG/$name.log" 2>&1
	rc=$?
	tail -n 12 "$LOG/$name.log"
	before=$FAILED
	if [ "$kind" = ctest ]; then count_ctest "$LOG/$name.log"; else count_node "$LOG/$name.log"; fi
	if [ $rc -ne 0 ] && [ $FAILED -eq $before ]; then FAILED=$((FAILED + 1)); fi
	if [ $rc -ne 0 ]; then
		SUITES_FAILED="$SUITES_FAILED $name"
		echo "-- $name failed; what failed, with context:"
		grep -nE -A30 '^ *not ok|\*\*\*Failed|FAILED' "$LOG/$name.log" | head -n 400
		echo "-- the end of its log:"
		tail -n 40 "$LOG/$name.log"
	fi
}

PGDIR="$LOG/pg"
PGPORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
cleanup() { sh tests/lib/pg.sh stop "$PGDIR" >/dev/null 2>&1; }
trap cleanup EXIT INT TERM
if sh tests/lib/pg.sh start "$PGDIR" "$PGPORT" >"$LOG/pg-start.log" 2>&1; then
	PG_URL="postgres://postgres@127.0.0.1:$PGPORT"
else
	cat "$LOG/pg-start.log"
	PG_URL=""
fi

# Real argon2id, at libsodium's minimum cost: the suites log in thousands
# of times and the interactive cost (64 MiB each) is for production.
export SKYWAY_PASSWORD_COST=min
# A throwaway key for the personal data the tests store.
export SKYWAY_DATA_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
NODE_TEST="node --test --test-reporter=tap --test-concurrency=2"
# The attack suite (tests/security/) runs with the API tests, on both backends.
API_TESTS=$(ls tests/api/*.test.mjs tests/security/*.test.mjs 2>/dev/null)
BROWSER_TESTS=$(ls tests/browser/*.test.mjs 2>/dev/null)

run_suite unit ctest sh -c "cd '$BUILD' && ctest --output-on-failure -j2"
run_suite api-sqlite node env SKYWAY_BIN="$BUILD/skyway" SKYWAY_TEST_BACKEND=sqlite $NODE_TEST $API_TESTS
if [ -n "$PG_URL" ]; then
	run_suite api-postgres node env SKYWAY_BIN="$BUILD/skyway" SKYWAY_TEST_BACKEND=postgres \
		SKYWAY_TEST_PG="$PG_URL" $NODE_TEST $API_TESTS
else
	echo "== api-postgres: could not start PostgreSQL"
	FAILED=$((FAILED + 1))
	SUITES_FAILED="$SUITES_FAILED api-postgres"
fi
t0=$(date +%s)
run_suite browser node env SKYWAY_BIN="$BUILD/skyway" SKYWAY_TEST_BACKEND=sqlite $NODE_TEST $BROWSER_TESTS
echo "-- browser took $(($(date +%s) - t0)) s"
# Every page must work on both backends: the whole browser suite again on PostgreSQL
# (each server gets its own database on the server started above).  Measured on a
# loaded 2-core machine: 8-10.5 min on PostgreSQL, about what SQLite takes (the time is
# Chromium's, not the database's).  Should it grow much, run only pages.test.mjs
# (every page of every role), recruitment, matching and fair_live here.
if [ -n "$PG_URL" ] && ! psql "$PG_URL/postgres" -qAtc 'SELECT 1' >/dev/null 2>&1; then
	echo "== PostgreSQL no longer answers; starting it again"
	sh tests/lib/pg.sh stop "$PGDIR" >/dev/null 2>&1
	sh tests/lib/pg.sh start "$PGDIR" "$PGPORT" >"$LOG/pg-start.log" 2>&1 || { cat "$LOG/pg-start.log"; PG_URL=""; }
fi
if [ -n "$PG_URL" ]; then
	t0=$(date +%s)
	run_suite browser-postgres node env SKYWAY_BIN="$BUILD/skyway" SKYWAY_TEST_BACKEND=postgres \
		SKYWAY_TEST_PG="$PG_URL" $NODE_TEST $BROWSER_TESTS
	echo "-- browser-postgres took $(($(date +%s) - t0)) s"
else
	echo "== browser-postgres: could not start PostgreSQL"
	FAILED=$((FAILED + 1))
	SUITES_FAILED="$SUITES_FAILED browser-postgres"
fi
# The same unit and API tests again under AddressSanitizer + UBSan.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite unit-asan ctest sh -c "cd '$ASAN' && ctest --output-on-failure -j2"
run_suite api-sqlite-asan node env SKYWAY_BIN="$ASAN/skyway" SKYWAY_TEST_BACKEND=sqlite $NODE_TEST $API_TESTS
if [ -n "$PG_URL" ]; then
	run_suite api-postgres-asan node env SKYWAY_BIN="$ASAN/skyway" SKYWAY_TEST_BACKEND=postgres \
		SKYWAY_TEST_PG="$PG_URL" $NODE_TEST $API_TESTS
fi

echo
[ -n "$SUITES_FAILED" ] && echo "failed suites:$SUITES_FAILED"
cleanup
rm -rf "$LOG"
case "${TMPDIR:-}" in /dev/shm/skyway-check.*) rm -rf "$TMPDIR" ;; esac
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
