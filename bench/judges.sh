#!/bin/sh
# The competition's judge assignment and score normalisation at the article's
# scale (清远高新杯: 300+ teams in 4 tracks from 10 colleges), and ten times it.
#
#   1. bench_assign (the engine, C): assign_solve() on 300 teams x 60 judges
#      x K = 5 and on 3,000 teams x 600 judges, each next to a naive greedy
#      baseline in the same run (its time, its max load against the optimum,
#      its pair overlaps); then normalisation and a bootstrap of B = 1,000.
#   2. `skyway judges assign` end to end (reading the CSV files, writing the
#      output) on the same two sizes, generated here as CSV, and
#      `skyway scores normalize` on scores for the 300-team assignment.
# Prints the machine, CPU and wall-clock times, figures only: no timed
# assertion.  Exits 1 when the engine's own check of a result fails.
#
# Usage: sh bench/judges.sh [BUILD_DIR]     (needs a configured build: make build)
# env:   SEED (20261201)  REPEAT (3: best of)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SEED=${SEED:-20261201}
REPEAT=${REPEAT:-3}
BIN="$ROOT/$BUILD/skyway"
[ -x "$BIN" ] || { echo "no $BIN: run make build first" >&2; exit 2; }
cmake --build "$ROOT/$BUILD" --target bench_assign >/dev/null
BENCH="$ROOT/$BUILD/bench/match/bench_assign"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/skyway-judges.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

for size in "300 60" "3000 600"; do
	set -- $size
	echo "== the engine: $1 teams, $2 judges, K = 5 (best of $REPEAT) =="
	"$BENCH" --teams "$1" --judges "$2" --per-team 5 --seed "$SEED" --repeat "$REPEAT"
	echo
done

# CSV editions like bench_assign's (awk's own generator, seeded): 4 tracks
# 30/30/20/20 %, 10 colleges; judges follow the tracks' shares, 20 % review a
# second track, 40 % are teachers of a college; each declares ~1 % of its
# track's teams as conflicts.
make_edition() { # TEAMS JUDGES DIR
	awk -v n="$1" -v m="$2" -v dir="$3" -v seed="$SEED" 'BEGIN {
		srand(seed);
		split("新材料 智能制造 文化创意 生物科技", track, " ");
		split("30 30 20 20", share, " ");
		for (c = 1; c <= 10; c++) college[c] = "职业技术学院" c;
		print "team_id,track,college" > (dir "/T.csv");
		for (t = 1; t <= n; t++) {
			x = int(rand() * 100); k = 1;
			while (x >= share[k]) { x -= share[k]; k++ }
			tk[t] = k;
			printf "T%04d,%s,%s\n", t, track[k], college[1 + int(rand() * 10)] > (dir "/T.csv");
		}
		print "judge_id,tracks,college" > (dir "/J.csv");
		print "judge_id,team_id" > (dir "/C.csv");
		for (j = 1; j <= m; j++) {
			x = int((j - 1) * 100 / m); k = 1;
			while (x >= share[k]) { x -= share[k]; k++ }
			tracks = track[k];
			if (rand() < 0.2) tracks = tracks " " track[1 + (k + int(rand() * 3)) % 4];
			col = rand() < 0.4 ? college[1 + int(rand() * 10)] : "";
			printf "J%04d,%s,%s\n", j, tracks, col > (dir "/J.csv");
			for (t = 1; t <= n; t++)
				if (tk[t] == k && rand() < 0.01) printf "J%04d,T%04d\n", j, t > (dir "/C.csv");
		}
	}'
}

# Runs the command REPEAT times; prints the best wall time in ms (and keeps the output).
best_of() { # OUT COMMAND...
	out=$1; shift
	best=
	i=0
	while [ $i -lt "$REPEAT" ]; do
		t0=$(date +%s%N)
		"$@" >"$out" 2>"$out.err" || { echo "FAILED: $* (exit $?)" >&2; cat "$out.err" >&2; exit 1; }
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
		i=$((i + 1))
	done
	echo "$best"
}

for size in "300 60" "3000 600"; do
	set -- $size
	D="$TMP/$1"
	mkdir -p "$D"
	make_edition "$1" "$2" "$D"
	echo "== skyway judges assign end to end: $1 teams, $2 judges, $(($(wc -l <"$D/C.csv") - 1)) conflicts, K = 5 =="
	ms=$(best_of "$D/A.csv" "$BIN" judges assign --teams "$D/T.csv" --judges "$D/J.csv" --conflicts "$D/C.csv" --per-team 5)
	load=$(awk -F, 'NR > 1 { n[$2]++ } END { for (j in n) if (n[j] > max) max = n[j]; print max }' "$D/A.csv")
	echo "best of $REPEAT: $ms ms wall; $(($(wc -l <"$D/A.csv") - 1)) rows, max load $load"
	echo
done

# Scores for the 300-team assignment: a team's quality + the judge's leniency + noise.
D="$TMP/300"
awk -F, -v seed="$SEED" 'BEGIN { srand(seed); print "judge_id,team_id,score" }
	NR > 1 {
		if (!($1 in q)) q[$1] = 72 + 16 * (rand() - 0.5);
		if (!($2 in l)) l[$2] = 12 * (rand() - 0.5);
		s = q[$1] + l[$2] + 8 * (rand() - 0.5);
		if (s < 0) s = 0;
		if (s > 100) s = 100;
		printf "%s,%s,%.1f\n", $2, $1, s
	}' "$D/A.csv" >"$D/S.csv"
echo "== skyway scores normalize end to end: $(($(wc -l <"$D/S.csv") - 1)) totals =="
ms=$(best_of "$D/N.csv" "$BIN" scores normalize --scores "$D/S.csv")
echo "best of $REPEAT: $ms ms wall; $(($(wc -l <"$D/N.csv") - 1)) teams"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
