#!/bin/sh
# The job fair's entry burst and live streams at the article's scale: builds
# the full demo (fair 1, live, ~13,800 registered students) on a real disk,
# starts `skyway serve` on loopback, and runs bench/fair/load.mjs:
#   - N distinct students checked in at RATE per second (open loop), then the
#     rest at the maximum rate and re-scans of the first N at the maximum
#     rate, each next to GET /healthz at the same rate in the same run;
#     the gate's counts must rise by exactly the answers' counts;
#   - SSE streams open at once: every one must get `hello`; five check-ins
#     each publish one event and the time until every stream has it is
#     measured; then SSE_BURST_S seconds of check-ins at RATE with the
#     streams open; the server's VmRSS/VmHWM and threads throughout.
# Prints the machine first and figures only (no timed assertions); exits 1
# when a count does not add up.
#
# Usage: sh bench/fair.sh [BUILD_DIR]      (needs build/skyway, node, sqlite3)
# env:   THREADS (the server's default: 2 per core, at least 4)  RATE (1000)  N (12000)
#        CONC (64 client connections)  SSE (2000)  SSE_BURST_S (5; 0 skips)
#        BENCH_DIR (parent of the temporary folder: a real disk; default /var/tmp)
# Open files: the server and the client each hold one per stream, so the
# limit must be at least SSE + 200 (2,200 for 2,000 streams); the script
# raises the soft limit to 8192 (or the hard limit if lower).
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$BUILD/skyway"
cores=$(nproc)
THREADS=${THREADS:-$((cores > 2 ? cores * 2 : 4))}
SSE=${SSE:-2000}
export RATE=${RATE:-1000} N=${N:-12000} CONC=${CONC:-64} SSE SSE_BURST_S=${SSE_BURST_S:-5}
[ -x "$BIN" ] || { echo "no $BIN: build it first" >&2; exit 2; }

hard=$(ulimit -Hn)
want=8192
[ "$hard" != unlimited ] && [ "$hard" -lt "$want" ] && want=$hard
ulimit -n "$want"
if [ "$(ulimit -n)" -lt $((SSE + 200)) ]; then
	echo "open-file limit $(ulimit -n) is below $((SSE + 200)) needed for $SSE streams" >&2
	exit 2
fi

TMP=$(mktemp -d "${BENCH_DIR:-/var/tmp}/skyway-fair.XXXXXX")
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
DB="$TMP/fair.db"

fs=$(df -PT "$TMP" | awk 'NR == 2 {print $2 " on " $1}')
dev=$(df -P "$TMP" | awk 'NR == 2 {print $1}' | sed 's#^/dev/##; s#[0-9]*$##; s#p$##')
rota=$(cat "/sys/block/$dev/queue/rotational" 2>/dev/null || echo '?')
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "disk of the database: $fs (rotational=$rota$( [ -r "/sys/block/$dev/device/model" ] && echo ", $(tr -s ' ' <"/sys/block/$dev/device/model")" ))"
echo "kernel: $(uname -sr); SQLite $(sqlite3 --version | cut -d' ' -f1) CLI; node $(node --version)"
echo "server: --threads $THREADS; open-file limit $(ulimit -n); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
case $fs in tmpfs*|ramfs*) echo "WARNING: $TMP is in memory: fsync costs nothing here" ;; esac

# fsync cost on that disk: 200 small synchronous writes.
t0=$(date +%s.%N)
dd if=/dev/zero of="$TMP/sync" bs=4k count=200 oflag=dsync 2>/dev/null
t1=$(date +%s.%N)
rm -f "$TMP/sync"
echo "disk: one 4 KiB write + fsync (dd oflag=dsync) $(awk "BEGIN {printf \"%.2f\", ($t1 - $t0) * 1000 / 200}") ms"

t0=$(date +%s.%N)
"$BIN" demo --db "sqlite:$DB" >/dev/null
t1=$(date +%s.%N)
"$BIN" passes --db "sqlite:$DB" --fair 1 >"$TMP/passes.csv"
# Start from nobody inside: every check-in of the burst is a first entry.
before=$(sqlite3 "$DB" "SELECT COUNT(*) || ' registered, ' || COUNT(entered_at) || ' entered' FROM fair_students WHERE fair_id = 1")
sqlite3 "$DB" "UPDATE fair_students SET entered_at = NULL, entered_by = NULL, scans = 0 WHERE fair_id = 1"
echo "demo built in $(awk "BEGIN {printf \"%.1f\", $t1 - $t0}") s ($(du -h "$DB" | cut -f1)); fair 1 had $before: entered_at reset to NULL for the bench"
echo "journal_mode $(sqlite3 "$DB" 'PRAGMA journal_mode'); the server sets synchronous=FULL"

"$BIN" serve --db "sqlite:$DB" --listen 127.0.0.1:0 --threads "$THREADS" \
	--access-log "$TMP/access.log" >"$TMP/serve.out" 2>"$TMP/serve.err" &
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
echo "server pid $PID at $BASE: $(grep -c '' "$TMP/passes.csv") passes"
echo

rc=0
node "$ROOT/bench/fair/load.mjs" "$BASE" "$TMP/passes.csv" "$PID" "$DB" || rc=$?

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if ! kill -0 "$PID" 2>/dev/null; then
	echo "SERVER DIED during the bench:" && tail -20 "$TMP/serve.err"
	rc=1
fi
echo "access log: $(grep -c '' "$TMP/access.log") requests, $(grep -c '"status":5' "$TMP/access.log" || true) answered 5xx"
# The server's own time per check-in (from its first byte read to the answer
# sent, the group commit included), which the client's event loop and a busy
# machine's run queue do not add to: the first N at RATE, and the burst with
# the streams open (the last SSE_BURST_S * RATE check-ins).
grep '"route":"/api/v1/fairs/{id}/checkin"' "$TMP/access.log" |
	sed 's/.*"duration_ms":\([0-9.]*\).*/\1/' >"$TMP/checkin.ms"
pcts() {
	sort -n | awk '{v[NR] = $1} END {if (NR) printf "p50 %.2f, p99 %.2f, max %.2f ms (%d)", v[int(NR * .5 + .5)], v[int(NR * .99 + .5)], v[NR], NR}'
}
echo "server-side check-in time (access log): first $N at ${RATE}/s $(head -n "$N" "$TMP/checkin.ms" | pcts)$( [ "$SSE_BURST_S" != 0 ] && echo "; with $SSE streams open $(tail -n $((SSE_BURST_S * RATE)) "$TMP/checkin.ms" | pcts)")"
errs=$(grep -ci '"level":"error"\|error' "$TMP/serve.err" || true)
echo "server log: $errs error lines$( [ "$errs" -gt 0 ] && echo ": $(grep -i error "$TMP/serve.err" | sort | uniq -c | sort -rn | head -3 | tr '\n' ' ')")"
exit $rc
