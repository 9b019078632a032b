#!/bin/sh
# test_match_cli.sh SKYWAY - black-box tests of `skyway match` (the CSV
# contract in docs/matching.md) through the skyway binary.
#
# Each case writes its input files, runs the command, and checks the exit
# status, stdout (exactly) and stderr (a fixed string it must contain).  On
# every failure stdout must be empty.  Ends with "N passed, N failed".
set -u

SKYWAY=${1:?usage: test_match_cli.sh path/to/skyway}
T=$(mktemp -d "${TMPDIR:-/tmp}/match_cli.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
cd "$T" || exit 1

pass=0
fail=0

# check NAME STATUS EXPECTED_STDOUT_FILE|- STDERR_SUBSTRING|- -- ARGS...
check() {
	name=$1 want_status=$2 want_out=$3 want_err=$4
	shift 5
	"$SKYWAY" match "$@" >out.txt 2>err.txt
	status=$?
	ok=1
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $name: exit status $status, want $want_status"
		ok=0
	fi
	if [ "$want_out" = "-" ]; then
		if [ -s out.txt ]; then
			echo "FAIL $name: stdout should be empty"
			ok=0
		fi
	elif ! cmp -s out.txt "$want_out"; then
		echo "FAIL $name: stdout differs:"
		diff "$want_out" out.txt | head -20
		ok=0
	fi
	if [ "$want_err" = "-" ]; then
		if [ -s err.txt ]; then
			echo "FAIL $name: stderr should be empty"
			ok=0
		fi
	elif ! grep -qF -- "$want_err" err.txt; then
		echo "FAIL $name: stderr lacks '$want_err'"
		ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		echo "  stderr was:"
		sed 's/^/    /' err.txt | head -10
		fail=$((fail + 1))
	fi
}

# --- a worked example: hospitals/residents with capacities ----------------
# r1..r5 rank hospitals, H1 has 2 seats; the answer is worked by hand in
# docs/matching.md.  Ids may be Chinese.
cat >S.csv <<'EOF'
student_id,ranking
r1,H2 H1
r2,H1 H2 H3
r3,H1 H3
r4,H2 H1 H3
r5,H1 H2 H3
EOF
cat >P.csv <<'EOF'
position_id,capacity,ranking
H1,2,r3 r5 r1 r2 r4
H2,1,r2 r4 r1 r5
H3,1,r5 r4 r2 r3
EOF
cat >want.txt <<'EOF'
student_id,position_id
r1,
r2,H2
r3,H1
r4,H3
r5,H1
EOF
check hospitals 0 want.txt - -- --students S.csv --positions P.csv
check option_equals 0 want.txt - -- --students=S.csv --positions=P.csv
check options_reversed 0 want.txt - -- --positions P.csv --students S.csv

# --- the same files, dressed up: BOM, CRLF, columns in another order, an
# extra column, spaces around fields and between ids, blank lines, no final
# newline
printf '\357\273\277ranking,note,student_id\r\n' >S2.csv
printf 'H2   H1 ,x,r1\r\n\r\n H1 H2\tH3,,r2 \r\nH1 H3,y,r3\r\nH2 H1 H3,z,r4\r\nH1 H2 H3,,r5\r\n\r\n   \r\n' >>S2.csv
printf '\357\273\277capacity,ranking,position_id\nH1x,2,r3 r5 r1 r2 r4,H1\n' >P2.csv
# (the line above has an extra field: fixed below; it must be refused)
check field_count 2 - "P2.csv:2: expected 3 fields as in the header, found 4" -- \
	--students S2.csv --positions P2.csv
printf '\357\273\277capacity,ranking,position_id\n 2 ,r3 r5 r1 r2 r4,H1\n1,r2 r4 r1 r5,H2\n1,r5 r4 r2 r3,H3' >P2.csv
check dressed_up 0 want.txt - -- --students S2.csv --positions P2.csv

# --- Chinese ids, empty rankings, capacity 0, one-sided interest ---------
cat >S3.csv <<'EOF'
student_id,ranking
张三,机电岗 电工岗
李四,
王五,电工岗
赵六,机电岗
EOF
cat >P3.csv <<'EOF'
position_id,capacity,ranking
机电岗,1,赵六 张三
电工岗,0,张三 王五
空岗,3,
EOF
cat >want3.txt <<'EOF'
student_id,position_id
张三,
李四,
王五,
赵六,机电岗
EOF
check chinese_and_edges 0 want3.txt - -- --students S3.csv --positions P3.csv

# --- a header and nothing else ------------------------------------------
printf 'student_id,ranking\n' >S4.csv
printf 'position_id,capacity,ranking\n' >P4.csv
printf 'student_id,position_id\n' >want4.txt
check header_only 0 want4.txt - -- --students S4.csv --positions P4.csv
check no_positions 2 - "S.csv:2: unknown position_id 'H2' in ranking (not in P4.csv)" -- \
	--students S.csv --positions P4.csv

# --- usage ----------------------------------------------------------------
"$SKYWAY" match --help >help.txt 2>err.txt
if [ $? = 0 ] && grep -q 'usage: skyway match --students S.csv --positions P.csv' help.txt &&
	[ ! -s err.txt ]; then
	pass=$((pass + 1))
else
	echo "FAIL help"
	fail=$((fail + 1))
fi
check no_arguments 2 - "usage: skyway match" --
check one_file 2 - "--students and --positions are both required" -- --students S.csv
check unknown_option 2 - "unknown argument '--verbose'" -- --students S.csv --positions P.csv --verbose
check stray_argument 2 - "unknown argument 'extra'" -- --students S.csv --positions P.csv extra
check twice 2 - "each option takes one file, once" -- --students S.csv --students S.csv --positions P.csv
check missing_value 2 - "each option takes one file, once" -- --positions P.csv --students

# --- files that cannot be read --------------------------------------------
check missing_file 2 - "nope.csv: cannot read: No such file or directory" -- \
	--students nope.csv --positions P.csv
mkdir adir
check directory 2 - "adir: cannot read:" -- --students adir --positions P.csv
: >empty.csv
check empty_file 2 - "empty.csv:1: no header: expected student_id,ranking" -- \
	--students empty.csv --positions P.csv

# --- bad input, one problem at a time ---------------------------------------
# bad_case NAME FILE_CONTENT_FOR_S FILE_CONTENT_FOR_P EXPECTED_STDERR
bad_case() {
	printf '%b' "$2" >bs.csv
	printf '%b' "$3" >bp.csv
	check "$1" 2 - "$4" -- --students bs.csv --positions bp.csv
}
GOODP='position_id,capacity,ranking\np1,1,s1 s2\np2,2,s2 s1\n'
GOODS='student_id,ranking\ns1,p1 p2\ns2,p2\n'
bad_case dup_student 'student_id,ranking\ns1,p1\ns2,p2\ns1,p2\n' "$GOODP" \
	"bs.csv:4: duplicate student_id 's1' (first on line 2)"
bad_case dup_position "$GOODS" 'position_id,capacity,ranking\np1,1,s1\np2,1,s2\np1,1,\n' \
	"bp.csv:4: duplicate position_id 'p1' (first on line 2)"
bad_case dup_in_student_ranking 'student_id,ranking\ns1,p1 p2 p1\ns2,p2\n' "$GOODP" \
	"bs.csv:2: position_id 'p1' appears twice in ranking"
bad_case dup_in_position_ranking "$GOODS" 'position_id,capacity,ranking\np1,1,s1 s2 s2\np2,2,\n' \
	"bp.csv:2: student_id 's2' appears twice in ranking"
bad_case unknown_in_student_ranking 'student_id,ranking\ns1,p1 p9\ns2,p2\n' "$GOODP" \
	"bs.csv:2: unknown position_id 'p9' in ranking (not in bp.csv)"
bad_case unknown_in_position_ranking "$GOODS" 'position_id,capacity,ranking\np1,1,s1\np2,2,zz s2\n' \
	"bp.csv:3: unknown student_id 'zz' in ranking (not in bs.csv)"
bad_case capacity_negative "$GOODS" 'position_id,capacity,ranking\np1,-1,s1\np2,1,\n' \
	"bp.csv:2: bad capacity '-1': expected an integer >= 0"
bad_case capacity_fraction "$GOODS" 'position_id,capacity,ranking\np1,1.5,s1\np2,1,\n' \
	"bp.csv:2: bad capacity '1.5'"
bad_case capacity_empty "$GOODS" 'position_id,capacity,ranking\np1,,s1\np2,1,\n' \
	"bp.csv:2: bad capacity ''"
bad_case capacity_word "$GOODS" 'position_id,capacity,ranking\np1,two,s1\np2,1,\n' \
	"bp.csv:2: bad capacity 'two'"
bad_case capacity_huge "$GOODS" 'position_id,capacity,ranking\np1,4294967296,s1\np2,1,\n' \
	"bp.csv:2: bad capacity '4294967296'"
bad_case missing_ranking_column 'student_id\ns1\n' "$GOODP" \
	"bs.csv:1: missing column 'ranking' in header (expected student_id,ranking)"
bad_case missing_capacity_column "$GOODS" 'position_id,ranking\np1,s1\n' \
	"bp.csv:1: missing column 'capacity' in header (expected position_id,capacity,ranking)"
bad_case header_is_data 's1,p1\ns2,p2\n' "$GOODP" \
	"bs.csv:1: missing column 'student_id'"
bad_case column_twice 'student_id,ranking,ranking\ns1,p1,p1\n' "$GOODP" \
	"bs.csv:1: column 'ranking' appears twice"
bad_case too_few_fields 'student_id,ranking\ns1\n' "$GOODP" \
	"bs.csv:2: expected 2 fields as in the header, found 1"
bad_case quoted 'student_id,ranking\n"s1",p1\n' "$GOODP" \
	"bs.csv:2: quotes are not allowed"
bad_case quote_in_ranking "$GOODS" 'position_id,capacity,ranking\np1,1,s1 "s2"\n' \
	"bp.csv:2: quotes are not allowed"
bad_case empty_id 'student_id,ranking\n,p1\n' "$GOODP" \
	"bs.csv:2: invalid student_id '': empty id"
bad_case space_in_id 'student_id,ranking\ns 1,p1\n' "$GOODP" \
	"bs.csv:2: invalid student_id 's 1': ids cannot contain whitespace (U+0020)"
bad_case ideographic_space 'student_id,ranking\ns1,p1\0343\0200\0200p2\n' "$GOODP" \
	"bs.csv:2: invalid position_id 'p1　p2' in ranking: ids cannot contain whitespace (U+3000)"
bad_case nbsp_in_id "$GOODS" 'position_id,capacity,ranking\np\0302\02401,1,s1\n' \
	"': ids cannot contain whitespace (U+00A0)"
bad_case control_char 'student_id,ranking\ns\00011,p1\n' "$GOODP" \
	"bs.csv:2: invalid student_id 's\\x011': ids cannot contain control characters (U+0001)"
bad_case lone_cr 'student_id,ranking\ns1,p1\rp2\n' "$GOODP" \
	"bs.csv:2: invalid position_id 'p1\\x0Dp2' in ranking: ids cannot contain whitespace (U+000D)"
bad_case invalid_utf8 'student_id,ranking\ns\03771,p1\n' "$GOODP" \
	"bs.csv:2: invalid UTF-8"
bad_case overlong_utf8 'student_id,ranking\ns\0300\0257,p1\n' "$GOODP" \
	"bs.csv:2: invalid UTF-8"
bad_case surrogate_utf8 'student_id,ranking\ns\0355\0240\0200,p1\n' "$GOODP" \
	"bs.csv:2: invalid UTF-8"
bad_case bad_header_utf8 'student_id\0377,ranking\ns1,p1\n' "$GOODP" \
	"bs.csv:1: invalid UTF-8"
# errors in both files are all reported, in file order
bad_case errors_in_both 'student_id,ranking\ns1,p1\ns1,p2\n' 'position_id,capacity,ranking\np1,x,s1\n' \
	"bp.csv:2: bad capacity 'x'"
grep -qF "bs.csv:3: duplicate student_id 's1'" err.txt && pass=$((pass + 1)) ||
	{ echo "FAIL errors_in_both: first file's error missing"; fail=$((fail + 1)); }
# many errors: at most 20 are printed
{
	echo 'student_id,ranking'
	i=0
	while [ $i -lt 30 ]; do echo "dup,"; i=$((i + 1)); done
} >many.csv
check many_errors 2 - "match: stopped after 20 errors" -- --students many.csv --positions P.csv
[ "$(grep -c 'duplicate student_id' err.txt)" = 20 ] && pass=$((pass + 1)) ||
	{ echo "FAIL many_errors: not 20 lines"; fail=$((fail + 1)); }

# --- a large input: hash tables, not linear search --------------------------
# 30000 students with 15-long lists over 3000 positions; the output has one
# row per student and respects capacities.
awk 'BEGIN {
	srand(7);
	print "student_id,ranking" > "LS.csv";
	for (s = 0; s < 30000; s++) {
		line = "学生" s ",";
		delete seen; n = 0;
		while (n < 15) { p = int(rand() * 3000); if (!(p in seen)) { seen[p] = 1; line = line (n ? " " : "") "岗" p; n++ } }
		print line > "LS.csv";
		for (p in seen) { cnt[p]++; who[p, cnt[p]] = s }
	}
	print "position_id,capacity,ranking" > "LP.csv";
	for (p = 0; p < 3000; p++) {
		line = "岗" p "," (p % 7) ",";
		for (i = cnt[p]; i >= 1; i--) line = line (i < cnt[p] ? " " : "") "学生" who[p, i];
		print line > "LP.csv";
	}
}'
"$SKYWAY" match --students LS.csv --positions LP.csv >lout.txt 2>err.txt
status=$?
rows=$(wc -l <lout.txt)
over=$(awk -F, 'FNR == 1 { next } NR == FNR { cap[$1] = $2; next } $2 != "" { c[$2]++ }
	END { bad = 0; for (p in c) if (c[p] > cap[p]) bad++; print bad }' LP.csv lout.txt)
matched=$(awk -F, 'NR > 1 && $2 != ""' lout.txt | wc -l)
if [ $status = 0 ] && [ "$rows" = 30001 ] && [ "$over" = 0 ] && [ "$matched" -gt 1000 ] && [ ! -s err.txt ]; then
	pass=$((pass + 1))
else
	echo "FAIL large: status $status, rows $rows, over capacity $over, matched $matched"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
