#!/bin/sh
# Runs every test suite, even after one fails, prints a table (suite, tests, passed,
# failed, seconds) and ends with the line "N passed, N failed".
# Usage: scripts/check.sh BUILD_DIR ASAN_BUILD_DIR
#
# What runs where (both backends, both builds, sanitizers on both backends):
#   unit               ctest, plain build          unit-asan  ctest, ASan/UBSan build
#   api-sqlite-asan    tests/api + tests/security on SQLite,     ASan/UBSan build
#   api-postgres-asan  tests/api + tests/security on PostgreSQL, ASan/UBSan build
#   browser-sqlite     tests/browser on SQLite,     plain build
#   browser-postgres   the every-page sweep (pages.test.mjs) and the live fair
#                      (fair_live.test.mjs) on PostgreSQL, plain build, without the axe-core
#                      checks and the sweep's second width (layout does not depend on the
#                      backend).  The other browser files test what the page does with the
#                      API's answers, and the API suites check those answers on both
#                      backends; on this 2-core machine a browser file costs several times
#                      the CPU of an API file (Chromium), and running all of them twice put
#                      make check at an hour (tests/api/README.md).
#                      SKYWAY_CHECK_BROWSER_PG=all runs every browser file there.
# Neither browser suite saves screenshots (SKYWAY_SCREENSHOTS=1 make check does): they
# are for people looking at the pages, and cost the run CPU and time.
# The API suites are where the error paths, hostile inputs and concurrency are, so they
# run under the sanitizers (which cost them almost nothing: the time is waiting, not
# CPU); the optimised build serves every page of both backends in the browser suites.
# The four node suites share one queue of test files (tests/lib/run.mjs): the files
# mostly wait (timeouts, Chromium, PostgreSQL), so several run at once.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Absolute paths: test harnesses start the binary from other folders.
BUILD=$ROOT/${1:-build}
ASAN=$ROOT/${2:-build-asan}
# Slots for test files at once (an API file takes 1, a browser file 2): see
# tests/api/README.md for how the numbers were chosen.
JOBS=${SKYWAY_CHECK_JOBS:-6}
BROWSER_WEIGHT=2
# Test databases live in memory-backed /dev/shm when there is one: the server still
# fsyncs every commit (synchronous=FULL), tmpfs makes that free.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=$(mktemp -d /dev/shm/skyway-check.XXXXXX)
	chmod 711 "$TMPDIR"
	export TMPDIR
fi
LOG=$(mktemp -d "${TMPDIR:-/tmp}/skyway-check.XXXXXX")
chmod 711 "$LOG" # the postgres user must reach its data folder inside
SUMMARY=$LOG/summary.tsv
: >"$SUMMARY"
START=$(date +%s)

# The suites need Node 20.11 (import.meta.dirname; scripts/install-deps.sh puts one in
# .tools/node when the machine's is older); tests/lib/run.mjs itself runs on Node 18.
if [ -x "$ROOT/.tools/node/bin/node" ]; then PATH=$ROOT/.tools/node/bin:$PATH; fi
echo "node $(node --version) ($(command -v node))"
node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=11)?0:1)' ||
	echo "check: WARNING: Node $(node --version) is older than 20.11; test files using import.meta.dirname fail (make deps installs a newer one)"

# Unit tests: ctest, one row each in the table.
run_ctest() { # $1 name, $2 build dir
	echo "== $1"
	t0=$(date +%s)
	(cd "$2" && ctest --output-on-failure -j2) >"$LOG/$1.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$LOG/$1.log" | tail -1)
	total=$(echo "$line" | sed -E 's/.*out of ([0-9]+).*/\1/')
	bad=$(echo "$line" | sed -E 's/.*, ([0-9]+) tests failed.*/\1/')
	[ -n "$line" ] || { total=1; bad=1; }
	[ "$rc" -eq 0 ] || [ "$bad" -gt 0 ] || { total=$((total + 1)); bad=1; }
	tail -n 3 "$LOG/$1.log"
	if [ "$rc" -ne 0 ]; then
		echo "-- $1 failed; what failed, with context:"
		grep -nE -A30 '\*\*\*Failed|FAILED|Failed' "$LOG/$1.log" | head -n 300
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$total" "$((total - bad))" "$bad" "$secs" >>"$SUMMARY"
}

PGDIR="$LOG/pg"
PGPORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
RUNNER=""
cleanup() {
	# The runner ends the test files it started (each in its own process group).
	[ -z "$RUNNER" ] || kill "$RUNNER" 2>/dev/null
	sh tests/lib/pg.sh stop "$PGDIR" >/dev/null 2>&1
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
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
SKYWAY_DATA_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
export SKYWAY_DATA_KEY
# Read by the ASan/UBSan build only.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_ctest unit "$BUILD"
run_ctest unit-asan "$ASAN"

API="tests/api tests/security"
# The PostgreSQL suite runs every API file but those whose work opens no database or does
# not depend on it: the competition's CSV engines (cli_judges) and thousands of slow
# connections against the HTTP layer (slowloris).  The SQLite suite runs them.
API_PG=$(for f in tests/api/*.test.mjs tests/security/*.test.mjs; do
	case $f in */cli_judges.test.mjs | */slowloris.test.mjs) ;; *) echo "$f" ;; esac
done)
set -- \
	--suite api-sqlite-asan --env SKYWAY_BIN="$ASAN/skyway" --env SKYWAY_TEST_BACKEND=sqlite $API \
	--suite browser-sqlite --weight $BROWSER_WEIGHT --env SKYWAY_BIN="$BUILD/skyway" \
	--env SKYWAY_TEST_BACKEND=sqlite --env SKYWAY_SCREENSHOTS="${SKYWAY_SCREENSHOTS:-0}" tests/browser
BROWSER_PG="tests/browser/pages.test.mjs tests/browser/fair_live.test.mjs"
[ "${SKYWAY_CHECK_BROWSER_PG:-}" = all ] && BROWSER_PG=tests/browser
if [ -n "$PG_URL" ]; then
	set -- "$@" \
		--suite api-postgres-asan --env SKYWAY_BIN="$ASAN/skyway" --env SKYWAY_TEST_BACKEND=postgres \
		--env SKYWAY_TEST_PG="$PG_URL" $API_PG \
		--suite browser-postgres --weight $BROWSER_WEIGHT --env SKYWAY_BIN="$BUILD/skyway" \
		--env SKYWAY_TEST_BACKEND=postgres --env SKYWAY_TEST_PG="$PG_URL" --env SKYWAY_SCREENSHOTS="${SKYWAY_SCREENSHOTS:-0}" --env SKYWAY_AXE=0 \
		--env SKYWAY_SWEEP_WIDTHS=main $BROWSER_PG
else
	echo "== api-postgres-asan, browser-postgres: could not start PostgreSQL"
	printf 'postgres (not started)\t1\t0\t1\t0\n' >>"$SUMMARY"
fi
echo "== api and browser suites (node tests/lib/run.mjs, $JOBS slots; logs in $BUILD/test-logs)"
rm -rf "$BUILD/test-logs"
node tests/lib/run.mjs --jobs "$JOBS" --log "$BUILD/test-logs" --summary "$LOG/node.tsv" \
	--hint tests/lib/durations.json --history "$BUILD/test-durations.json" "$@" &
RUNNER=$!
wait "$RUNNER"
RUNNER=""
if [ -s "$LOG/node.tsv" ]; then
	cat "$LOG/node.tsv" >>"$SUMMARY"
else
	printf 'node suites (no summary)\t1\t0\t1\t0\n' >>"$SUMMARY"
fi

echo
awk -F'\t' -v total="$(($(date +%s) - START))" '
	BEGIN { printf "%-24s %7s %7s %7s %8s\n", "suite", "tests", "passed", "failed", "seconds" }
	{ printf "%-24s %7d %7d %7d %8.0f\n", $1, $2, $3, $4, $5; t += $2; p += $3; f += $4
	  if ($4 > 0) bad = bad " " $1 }
	END { printf "%-24s %7d %7d %7d %8d\n", "all (wall clock)", t, p, f, total
	      if (bad != "") print "failed suites:" bad }' "$SUMMARY"
PASSED=$(awk -F'\t' '{ p += $3 } END { print p + 0 }' "$SUMMARY")
FAILED=$(awk -F'\t' '{ f += $4 } END { print f + 0 }' "$SUMMARY")
cleanup
rm -rf "$LOG"
case "${TMPDIR:-}" in /dev/shm/skyway-check.*) rm -rf "$TMPDIR" ;; esac
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
