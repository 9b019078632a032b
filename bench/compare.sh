#!/bin/sh
# Issue 9's side by side (bench/README.md, "Skyway and the Node peer"): Skyway
# and the Node 20 + Express + better-sqlite3 peer (bench/peer/) on one copy of
# the full demo, answers compared first, then each server alone in turn,
# Skyway, peer, Skyway, peer… (bench/compare.mjs).  Prints the machine and
# its load; figures only, no timed assertion.  Exit 1 when the answers differ
# or a request fails.
#
# The full demo (~1–2 min to make) is cached in BENCH_CACHE under the commit
# that last changed the demo generator or the migrations, so a re-run (after a
# merge, say) reuses it; every run works on a fresh copy of it.  The peer's
# packages go into bench/peer/node_modules (npm ci from its own lock file,
# again only when the lock file changed), never into the project's.
#
# Usage: sh bench/compare.sh [BUILD_DIR]    (default build-release, or an absolute folder; needs its skyway)
# env:   ROUNDS (2)  SECONDS (10 per measurement)  CONCS ("1 50")
#        MIXES ("search match applications recommendations healthz")
#        PEER_WORKERS (1: one Node process; 2 runs node:cluster with two)
#        THREADS (Skyway's --threads)  BENCH_CACHE (/var/tmp/skyway-bench)
#        BENCH_DIR (/var/tmp: where the copy goes; a real disk)
set -eu
BUILD=${1:-build-release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) BIN="$BUILD/skyway" ;; *) BIN="$ROOT/$BUILD/skyway" ;; esac
[ -x "$BIN" ] || { echo "no $BIN: build it first (make bench does)" >&2; exit 2; }
CACHE=${BENCH_CACHE:-/var/tmp/skyway-bench}
TMP=$(mktemp -d "${BENCH_DIR:-/var/tmp}/skyway-compare.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# The peer's packages: its own lock file, its own folder.
if [ ! -f "$ROOT/bench/peer/node_modules/.stamp" ] ||
	[ "$ROOT/bench/peer/package-lock.json" -nt "$ROOT/bench/peer/node_modules/.stamp" ]; then
	echo "installing the peer's packages (npm ci --prefix bench/peer; better-sqlite3 may compile for a few minutes)"
	nice -n 10 npm ci --prefix "$ROOT/bench/peer" --no-audit --no-fund --loglevel=error
	touch "$ROOT/bench/peer/node_modules/.stamp"
fi

# The full demo, cached per version of what makes it.
VERSION=$(git -C "$ROOT" log -1 --format=%h -- src/demo src/store/migrations 2>/dev/null || echo unknown)
DEMO="$CACHE/demo-$VERSION.db"
if [ ! -f "$DEMO" ]; then
	mkdir -p "$CACHE"
	rm -rf "$CACHE"/demo-*
	echo "making the full demo in $DEMO (once per version of the generator)"
	nice -n 10 "$BIN" demo --db "sqlite:$DEMO.tmp" | sed -n '1p'
	for f in "$DEMO".tmp*; do mv "$f" "$DEMO${f#"$DEMO".tmp}"; done
fi
cp "$DEMO" "$DEMO.key" "$TMP/"
DB="$TMP/$(basename "$DEMO")"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "worktree $(git -C "$ROOT" log -1 --format="%h (%cs)"), skyway $BIN; node $(node --version); demo $(du -h "$DB" | cut -f1)B on $(df -PT "$TMP" | awk 'NR == 2 {print $2}'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
node "$ROOT/bench/compare.mjs" "$BIN" "$DB" || rc=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
