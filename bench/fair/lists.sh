#!/bin/sh
# The fair day's lists (bench/fair/lists.mjs) on the full demo: HR's applicants of a
# position, the booth queue, a student's tickets and the gate, each beside /healthz.
# Usage: sh bench/fair/lists.sh [BUILD_DIR]     env: SECONDS (5)  CONC (8)
#        DB (an existing demo database to copy; default: build one)  PERF_OUT (perf -g file)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$ROOT/$BUILD/skyway"
[ -x "$BIN" ] || { echo "no $BIN: build it first" >&2; exit 2; }
TMP=$(mktemp -d "${BENCH_DIR:-/var/tmp}/skyway-lists.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
export SKYWAY_DATA_KEY=${SKYWAY_DATA_KEY:-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}
if [ -n "${DB:-}" ]; then
	cp "$DB" "$TMP/lists.db"
else
	"$BIN" demo --db "sqlite:$TMP/lists.db" >/dev/null
fi
# HR's position with the most applications.
POS=$(sqlite3 "$TMP/lists.db" "SELECT p.id FROM applications a JOIN positions p ON p.id = a.position_id
	WHERE p.enterprise_id = (SELECT org_id FROM accounts WHERE login = 'hr_demo')
	GROUP BY p.id ORDER BY COUNT(*) DESC, p.id LIMIT 1")
echo "build: $BIN; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" serve --db "sqlite:$TMP/lists.db" --listen 127.0.0.1:0 >"$TMP/out" 2>"$TMP/err" &
PID=$!
i=0
until grep -q 'listening on' "$TMP/out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 300 ] && { cat "$TMP/err" >&2; exit 1; }
	sleep 0.1
done
BASE=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$TMP/out")
[ -n "${PERF_OUT:-}" ] && { perf record -q -g -p "$PID" -o "$PERF_OUT" & }
node "$ROOT/bench/fair/lists.mjs" "$BASE" "$PID" "$POS"
echo "server: VmHWM $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' /proc/$PID/status); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
