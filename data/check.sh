#!/bin/sh
# Validates the reference dictionaries in data/*.tsv.
# Usage: sh data/check.sh [DIR]   (DIR defaults to the folder holding this script)
# Prints one "FILE:LINE: reason" per problem and exits 1 if there is any.
set -u

dir=${1:-$(dirname "$0")}
status=0

fail() { status=1; }

# Common checks for every TSV: file present, exact header, LF line ends,
# valid UTF-8, no blank lines, no quotes, no leading/trailing spaces in a
# field, the right column count on every row, and at least one data row.
common() { # file header
    f=$1; header=$2
    if [ ! -f "$f" ]; then
        echo "$f:0: file missing"; fail; return 1
    fi
    if command -v iconv >/dev/null 2>&1; then
        if ! iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
            echo "$f:0: not valid UTF-8"; fail
        fi
    fi
    if [ -s "$f" ] && [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
        echo "$f:0: last line has no LF line end"; fail
    fi
    awk -F '\t' -v f="$f" -v header="$header" '
        BEGIN { n = split(header, h, "\t") }
        NR == 1 && $0 != header { printf "%s:1: header must be \"%s\"\n", f, header; bad = 1 }
        /\r/ { printf "%s:%d: CR character (line ends must be LF)\n", f, NR; bad = 1 }
        NR > 1 && $0 == "" { printf "%s:%d: blank line\n", f, NR; bad = 1; next }
        /"/ { printf "%s:%d: quote character (no quoting allowed)\n", f, NR; bad = 1 }
        NR > 1 && NF != n { printf "%s:%d: %d columns, expected %d\n", f, NR, NF, n; bad = 1 }
        NR > 1 {
            for (i = 1; i <= NF; i++)
                if ($i ~ /^[ \t]/ || $i ~ /[ \t]$/) {
                    printf "%s:%d: column %s has leading or trailing space\n", f, NR, h[i]; bad = 1
                }
        }
        END {
            if (NR < 2) { printf "%s:%d: no data rows\n", f, NR; bad = 1 }
            exit bad
        }' "$f" || fail
}

# ---------------------------------------------------------------- majors
# The Ministry's catalogue: `#` source lines, then a header, then
# level (zz/gz/bk), code (6-digit majors may end in K), name, parent_code.
f=$dir/vocational-majors-2021.tsv
if [ ! -f "$f" ]; then
    echo "$f:0: file missing"; fail
else
    awk -F '\t' -v f="$f" '
        /^#/ { next }
        !header { header = 1
            if ($0 != "level\tcode\tname\tparent_code") { printf "%s:%d: header must be level code name parent_code\n", f, FNR; bad = 1 }
            next }
        /\r/ { printf "%s:%d: CR character\n", f, FNR; bad = 1 }
        {
            lv = $1; code = $2; name = $3; parent = $4; six = code; sub(/K$/, "", six)
            if (NF != 4) { printf "%s:%d: %d columns, expected 4\n", f, FNR, NF; bad = 1 }
            if (lv != "zz" && lv != "gz" && lv != "bk") { printf "%s:%d: level %s must be zz, gz or bk\n", f, FNR, lv; bad = 1 }
            if (seen[six]++) { printf "%s:%d: duplicate code %s\n", f, FNR, code; bad = 1 }
            if ((lv SUBSEP name) in names) { printf "%s:%d: duplicate %s name %s\n", f, FNR, lv, name; bad = 1 }
            names[lv, name] = 1; edu[six] = lv
            n = length(six)
            if (n == 2) { cats[lv]++; if (parent != "") { printf "%s:%d: a 大类 has no parent\n", f, FNR; bad = 1 } }
            else if (n == 4) { classes[lv]++ }
            else if (n == 6 && six ~ /^[0-9]+$/) { majors[lv]++; if (code ~ /K$/) k[lv]++ }
            else { printf "%s:%d: code %s must have 2, 4 or 6 digits\n", f, FNR, code; bad = 1 }
            if (n > 2 && (parent != substr(six, 1, n - 2) || edu[parent] != lv)) {
                printf "%s:%d: %s must have parent %s at level %s\n", f, FNR, code, substr(six, 1, n - 2), lv; bad = 1 }
        }
        END {
            split("zz 19 88 358 0 gz 19 97 744 47 bk 19 90 247 0", w, " ")
            for (i = 1; i <= 15; i += 5)
                if (cats[w[i]] != w[i+1] || classes[w[i]] != w[i+2] || majors[w[i]] != w[i+3] || k[w[i]] + 0 != w[i+4]) {
                    printf "%s:%d: level %s has %d/%d/%d (K %d), the 2021 catalogue %s/%s/%s (K %s)\n", f, FNR, w[i],
                        cats[w[i]], classes[w[i]], majors[w[i]], k[w[i]], w[i+1], w[i+2], w[i+3], w[i+4]; bad = 1 }
            exit bad
        }' "$f" || fail
fi

# ---------------------------------------------------------------- industries
f=$dir/industries.tsv
if common "$f" "code	name	level	parent"; then
    awk -F '\t' -v f="$f" '
        FNR == 1 { pass++; next }
        pass == 1 { level[$1] = $3; next }
        {
            code = $1; name = $2; lv = $3; parent = $4
            if (seen[code]++) { printf "%s:%d: duplicate code %s\n", f, FNR, code; bad = 1 }
            if (name == "") { printf "%s:%d: empty name\n", f, FNR; bad = 1 }
            key = lv SUBSEP name
            if (key in nameline) { printf "%s:%d: duplicate %s name %s (first on line %d)\n", f, FNR, lv, name, nameline[key]; bad = 1 }
            else nameline[key] = FNR
            if (lv == "section") {
                sections++
                if (code !~ /^[A-T]$/) { printf "%s:%d: section code %s must be one letter A-T\n", f, FNR, code; bad = 1 }
                if (parent != "") { printf "%s:%d: section must have an empty parent\n", f, FNR; bad = 1 }
            } else if (lv == "division") {
                divisions++
                if (code !~ /^[0-9][0-9]$/ || code + 0 < 1 || code + 0 > 97) { printf "%s:%d: division code %s must be 01-97\n", f, FNR, code; bad = 1 }
                if (level[parent] != "section") { printf "%s:%d: parent %s is not a section in this file\n", f, FNR, parent; bad = 1 }
                if (code + 0 != last + 1) { printf "%s:%d: division %s out of sequence, expected %02d\n", f, FNR, code, last + 1; bad = 1 }
                last = code + 0
            } else { printf "%s:%d: level must be section or division, not \"%s\"\n", f, FNR, lv; bad = 1 }
        }
        END {
            if (sections != 20) { printf "%s:%d: %d sections, GB/T 4754-2017 has 20\n", f, FNR, sections; bad = 1 }
            if (divisions != 97) { printf "%s:%d: %d divisions, GB/T 4754-2017 has 97\n", f, FNR, divisions; bad = 1 }
            exit bad
        }' "$f" "$f" || fail
fi

# ---------------------------------------------------------------- skills
f=$dir/skills.tsv
if common "$f" "id	name	group	aliases"; then
    awk -F '\t' -v f="$f" '
        NR == 1 { next }
        {
            n++
            if ($1 !~ /^[a-z0-9]+(-[a-z0-9]+)*$/) { printf "%s:%d: id %s is not a lowercase ASCII slug\n", f, NR, $1; bad = 1 }
            if ($1 in idline) { printf "%s:%d: duplicate id %s (first on line %d)\n", f, NR, $1, idline[$1]; bad = 1 }
            else idline[$1] = NR
            if ($2 == "") { printf "%s:%d: empty name\n", f, NR; bad = 1 }
            else if ($2 in nameline) { printf "%s:%d: duplicate name %s (first on line %d)\n", f, NR, $2, nameline[$2]; bad = 1 }
            else nameline[$2] = NR
            if ($3 == "") { printf "%s:%d: empty group\n", f, NR; bad = 1 }
            if ($4 != "") {
                if ($4 ~ /^\|/ || $4 ~ /\|$/ || $4 ~ /\|\|/) { printf "%s:%d: empty alias in \"%s\"\n", f, NR, $4; bad = 1 }
                k = split($4, a, "|"); split("", dup)
                for (i = 1; i <= k; i++) {
                    if (a[i] ~ /^ / || a[i] ~ / $/) { printf "%s:%d: alias \"%s\" has leading or trailing space\n", f, NR, a[i]; bad = 1 }
                    if (dup[a[i]]++) { printf "%s:%d: alias %s repeated\n", f, NR, a[i]; bad = 1 }
                }
            }
        }
        END {
            if (n < 250 || n > 400) { printf "%s:%d: %d skills, expected 250-400\n", f, NR, n; bad = 1 }
            exit bad
        }' "$f" || fail
fi

# ---------------------------------------------------------------- certificates
f=$dir/certificates.tsv
if common "$f" "id	name	kind"; then
    awk -F '\t' -v f="$f" '
        NR == 1 { next }
        {
            if ($1 !~ /^[a-z0-9]+(-[a-z0-9]+)*$/) { printf "%s:%d: id %s is not a lowercase ASCII slug\n", f, NR, $1; bad = 1 }
            if ($1 in idline) { printf "%s:%d: duplicate id %s (first on line %d)\n", f, NR, $1, idline[$1]; bad = 1 }
            else idline[$1] = NR
            if ($2 == "") { printf "%s:%d: empty name\n", f, NR; bad = 1 }
            else if ($2 in nameline) { printf "%s:%d: duplicate name %s (first on line %d)\n", f, NR, $2, nameline[$2]; bad = 1 }
            else nameline[$2] = NR
            if ($3 == "") { printf "%s:%d: empty kind\n", f, NR; bad = 1 }
        }
        END { exit bad }' "$f" || fail
fi

# ---------------------------------------------------------------- cities
f=$dir/cities.tsv
if common "$f" "code	name	province"; then
    awk -F '\t' -v f="$f" '
        NR == 1 { next }
        {
            if ($1 !~ /^[1-8][0-9][0-9][0-9][0-9][0-9]$/ || $1 !~ /00$/) { printf "%s:%d: code %s is not a 6-digit division code of a city or province\n", f, NR, $1; bad = 1 }
            if ($1 in codeline) { printf "%s:%d: duplicate code %s (first on line %d)\n", f, NR, $1, codeline[$1]; bad = 1 }
            else codeline[$1] = NR
            if ($2 == "") { printf "%s:%d: empty name\n", f, NR; bad = 1 }
            else if ($2 in nameline) { printf "%s:%d: duplicate name %s (first on line %d)\n", f, NR, $2, nameline[$2]; bad = 1 }
            else nameline[$2] = NR
            if ($3 == "") { printf "%s:%d: empty province\n", f, NR; bad = 1 }
            gd = ($3 == "广东省")
            if (gd != ($1 ~ /^44/)) { printf "%s:%d: code %s does not match province %s\n", f, NR, $1, $3; bad = 1 }
            if (gd) { if (seen_other) { printf "%s:%d: Guangdong cities must come first\n", f, NR; bad = 1 } ; ngd++ }
            else seen_other = 1
        }
        END {
            if (ngd != 21) { printf "%s:%d: %d Guangdong cities, expected all 21\n", f, NR, ngd; bad = 1 }
            exit bad
        }' "$f" || fail
fi

# ------------------------------------------------------------- min_wages
# Every code a city of cities.tsv with the same name, a whole number of
# yuan, a real date, a source on every row, all 21 Guangdong cities.
f=$dir/min_wages.tsv
if common "$f" "code	name	monthly	effective	source"; then
    awk -F '\t' -v f="$f" '
        FNR == 1 { pass++; next }
        pass == 1 { city[$1] = $2; next }
        {
            if (!($1 in city)) { printf "%s:%d: code %s is not in cities.tsv\n", f, FNR, $1; bad = 1 }
            else if (city[$1] != $2) { printf "%s:%d: %s is %s in cities.tsv, not %s\n", f, FNR, $1, city[$1], $2; bad = 1 }
            if (seen[$1]++) { printf "%s:%d: duplicate code %s\n", f, FNR, $1; bad = 1 }
            if ($3 !~ /^[1-9][0-9][0-9][0-9]$/) { printf "%s:%d: monthly %s is not a whole number of yuan (1000-9999)\n", f, FNR, $3; bad = 1 }
            if ($4 !~ /^2[0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]$/) { printf "%s:%d: effective %s is not YYYY-MM-DD\n", f, FNR, $4; bad = 1 }
            if ($5 == "") { printf "%s:%d: empty source\n", f, FNR; bad = 1 }
            if ($1 ~ /^44/) ngd++
        }
        END {
            if (ngd != 21) { printf "%s:%d: %d Guangdong cities, expected all 21\n", f, FNR, ngd; bad = 1 }
            exit bad
        }' "$dir/cities.tsv" "$f" || fail
fi

# ---------------------------------------------------------------- working days
f=$dir/cn-workday-calendar.tsv
if [ ! -f "$f" ]; then
    echo "$f:0: file missing"; fail
else
    awk -F '\t' -v f="$f" '
        /^#/ { if (data) { printf "%s:%d: comment after the data\n", f, NR; bad = 1 }; next }
        /\r/ { printf "%s:%d: CR character (line ends must be LF)\n", f, NR; bad = 1 }
        {
            data = 1; n++
            if (NF != 3) { printf "%s:%d: %d columns, expected date kind name\n", f, NR, NF; bad = 1; next }
            if ($1 !~ /^20[0-9][0-9]-[01][0-9]-[0-3][0-9]$/) { printf "%s:%d: date %s is not YYYY-MM-DD\n", f, NR, $1; bad = 1 }
            if ($2 != "off" && $2 != "work") { printf "%s:%d: kind must be off or work, not %s\n", f, NR, $2; bad = 1 }
            if ($3 == "") { printf "%s:%d: empty name\n", f, NR; bad = 1 }
            if ($1 in seen) { printf "%s:%d: date %s twice (first on line %d)\n", f, NR, $1, seen[$1]; bad = 1 }
            seen[$1] = NR
            if (prev != "" && $1 < prev) { printf "%s:%d: %s is before the previous line'"'"'s %s\n", f, NR, $1, prev; bad = 1 }
            prev = $1
        }
        END {
            if (n < 600) { printf "%s:%d: %d days, expected the 20 notices of 2007-2026\n", f, NR, n; bad = 1 }
            exit bad
        }' "$f" || fail
fi

# ---------------------------------------------------------------- search words
# Synonym groups (a word in one group only: a query's synonyms are its
# group's other words) and the job words that end a title's segments.
f=$dir/search_synonyms.tsv
if common "$f" "words	note"; then
    awk -F '\t' -v f="$f" '
        NR == 1 { next }
        {
            n = split($1, w, "|")
            if (n < 2) { printf "%s:%d: a group needs two words or more\n", f, NR; bad = 1 }
            for (i = 1; i <= n; i++) {
                k = tolower(w[i])
                if (w[i] == "" || w[i] ~ / /) { printf "%s:%d: empty word or a blank in one\n", f, NR; bad = 1 }
                else if (k in seen) { printf "%s:%d: %s also on line %d\n", f, NR, w[i], seen[k]; bad = 1 }
                else seen[k] = NR
            }
        }
        END { exit bad }' "$f" || fail
fi
f=$dir/job_words.tsv
if common "$f" "word"; then
    awk -F '\t' -v f="$f" '
        NR == 1 { next }
        $1 in seen { printf "%s:%d: %s twice\n", f, NR, $1; bad = 1 }
        { seen[$1] = NR }
        END { exit bad }' "$f" || fail
fi

exit $status
