/*
 * cmd_match.c - `skyway match --students S.csv --positions P.csv`: the
 * command-line front end of the matching engine (match/match.h).
 *
 * The contract (docs/matching.md has the full text):
 *   S.csv: header student_id,ranking; ranking = space-separated position ids,
 *          most preferred first.
 *   P.csv: header position_id,capacity,ranking; capacity = integer >= 0;
 *          ranking = space-separated student ids, most preferred first.
 *   Ids: non-empty UTF-8 without commas, whitespace or quotes, unique within
 *   their file.  A pair is acceptable only when each side ranks the other.
 *   A UTF-8 BOM and CRLF line ends are accepted; empty rankings are allowed.
 *   Output: header student_id,position_id, then one row per student in the
 *   order of S.csv, position empty when unmatched.
 *   Bad input: exit 2, FILE:LINE: reason on stderr, nothing on stdout.
 *
 * Decisions where the contract is silent:
 *   - Columns may come in any order; unknown extra columns are ignored (each
 *     row must still have as many fields as the header); a column named
 *     twice is an error.
 *   - Blank lines (empty, or only spaces and tabs) are skipped anywhere; the
 *     last line may lack its newline.
 *   - Spaces and tabs around a field are ignored; inside a ranking, runs of
 *     spaces and tabs separate ids.
 *   - "Whitespace" in an id means any Unicode White_Space character (so the
 *     ideographic space U+3000 is refused, not taken as a separator); control
 *     characters, U+FEFF and U+200B are refused too, as is invalid UTF-8
 *     anywhere on a line.  A quote anywhere is refused: this format has no
 *     quoting.
 *   - All rows are read before any ranking is resolved, so an error names
 *     the line it is on, in file order; up to 20 errors are printed.
 *   - A file that cannot be read: "FILE: cannot read: reason", exit 2.
 *   - Capacity: ASCII digits only, at most 4294967295.
 *   - Exit 1 (not 2) when writing stdout fails or memory runs out.
 *
 * The files are read whole into memory; ids are slices of that buffer, found
 * through open-addressing hash tables, so large inputs cost O(size).
 */
#include "base/utf8.h"
#include "cli/cli.h"
#include "match.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRORS 20
#define NO_ROW     0xFFFFFFFFu /* an empty slot of a table's id index */

struct slice {
	const char *p;
	size_t len;
};

/* One CSV file, read and split into rows. */
struct table {
	const char *path;
	const char *id_column;
	int has_capacity;
	char *data;
	size_t size;
	size_t n_rows, cap_rows;
	struct slice *ids;
	struct slice *rankings;
	uint32_t *capacity;
	size_t *line;
	/* ids -> row, open addressing, NO_ROW = empty */
	uint32_t *slots;
	size_t n_slots;
};

struct errors {
	int count;
};

static void fail(struct errors *er, const char *path, size_t line, const char *fmt, ...)
{
	va_list ap;

	if (er->count++ >= MAX_ERRORS)
		return;
	if (line)
		fprintf(stderr, "%s:%zu: ", path, line);
	else
		fprintf(stderr, "%s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Writes a field for a message: control bytes escaped, cut after about 60
 * bytes at a character boundary.  The field is valid UTF-8 (lines are
 * checked first).
 */
static const char *show(struct slice s, char *buf, size_t size)
{
	size_t o = 0, i = 0;

	while (i < s.len) {
		unsigned char c = (unsigned char)s.p[i];
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (o > 60 || o + 8 >= size) {
			memcpy(buf + o, "…", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		} else {
			if (i + len > s.len)
				len = s.len - i;
			memcpy(buf + o, s.p + i, len);
			o += len;
		}
		i += len;
	}
	buf[o] = '\0';
	return buf;
}

/* ---- UTF-8 -------------------------------------------------------------- */

/* Unicode White_Space, plus characters that look like nothing. */
static int is_space_like(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static int is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/*
 * Checks an id (the line is already valid UTF-8).  Returns NULL when fine,
 * else the reason.
 */
static const char *id_problem(struct slice s, char *buf, size_t size)
{
	uint32_t cp;

	if (s.len == 0)
		return "empty id";
	for (size_t i = 0; i < s.len;) {
		size_t len = utf8_decode(s.p + i, s.len - i, &cp);
		if (!len)
			return "invalid UTF-8";
		if (is_space_like(cp)) {
			snprintf(buf, size, "ids cannot contain whitespace (U+%04X)", cp);
			return buf;
		}
		if (is_control(cp)) {
			snprintf(buf, size, "ids cannot contain control characters (U+%04X)", cp);
			return buf;
		}
		i += len;
	}
	return NULL;
}

/* ---- reading ------------------------------------------------------------ */

static int read_all(const char *path, char **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f)
		return -errno;
	buf = malloc(cap + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			int err = ferror(f) ? (errno ? errno : EIO) : 0;
			fclose(f);
			if (err) {
				free(buf);
				return -err;
			}
			break;
		}
	}
	buf[n] = '\0';
	*data = buf;
	*size = n;
	return 0;
}

static struct slice trim(struct slice s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

static int slice_eq(struct slice s, const char *text)
{
	return s.len == strlen(text) && memcmp(s.p, text, s.len) == 0;
}

static uint64_t hash_slice(struct slice s)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < s.len; i++) {
		h ^= (unsigned char)s.p[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

/* The row with this id, or NO_ROW. */
static uint32_t table_find(const struct table *t, struct slice id)
{
	if (!t->n_slots)
		return NO_ROW;
	size_t mask = t->n_slots - 1;
	for (size_t i = hash_slice(id) & mask;; i = (i + 1) & mask) {
		uint32_t r = t->slots[i];
		if (r == NO_ROW)
			return NO_ROW;
		if (t->ids[r].len == id.len && memcmp(t->ids[r].p, id.p, id.len) == 0)
			return r;
	}
}

/* Adds row r's id to the hash table; returns the row that had it, or NO_ROW. */
static uint32_t table_insert(struct table *t, uint32_t r)
{
	if ((t->n_rows + 1) * 2 > t->n_slots) {
		size_t n = t->n_slots ? t->n_slots * 2 : 1024;
		uint32_t *slots = malloc(n * sizeof(*slots));
		if (!slots)
			return NO_ROW - 1;
		memset(slots, 0xff, n * sizeof(*slots));
		for (size_t i = 0; i < t->n_slots; i++) {
			uint32_t q = t->slots[i];
			if (q == NO_ROW)
				continue;
			size_t j = hash_slice(t->ids[q]) & (n - 1);
			while (slots[j] != NO_ROW)
				j = (j + 1) & (n - 1);
			slots[j] = q;
		}
		free(t->slots);
		t->slots = slots;
		t->n_slots = n;
	}
	size_t mask = t->n_slots - 1;
	for (size_t i = hash_slice(t->ids[r]) & mask;; i = (i + 1) & mask) {
		uint32_t q = t->slots[i];
		if (q == NO_ROW) {
			t->slots[i] = r;
			return NO_ROW;
		}
		if (t->ids[q].len == t->ids[r].len &&
		    memcmp(t->ids[q].p, t->ids[r].p, t->ids[r].len) == 0)
			return q;
	}
}

static int table_grow(struct table *t)
{
	if (t->n_rows < t->cap_rows)
		return 0;
	size_t n = t->cap_rows ? t->cap_rows * 2 : 1024;
	struct slice *ids = realloc(t->ids, n * sizeof(*ids));
	if (ids)
		t->ids = ids;
	struct slice *rk = realloc(t->rankings, n * sizeof(*rk));
	if (rk)
		t->rankings = rk;
	uint32_t *cap = realloc(t->capacity, n * sizeof(*cap));
	if (cap)
		t->capacity = cap;
	size_t *line = realloc(t->line, n * sizeof(*line));
	if (line)
		t->line = line;
	if (!ids || !rk || !cap || !line)
		return -ENOMEM;
	t->cap_rows = n;
	return 0;
}

static void table_release(struct table *t)
{
	free(t->data);
	free(t->ids);
	free(t->rankings);
	free(t->capacity);
	free(t->line);
	free(t->slots);
}

/* Capacity: ASCII digits, at most UINT32_MAX.  Returns 0 or -1. */
static int parse_capacity(struct slice s, uint32_t *out)
{
	uint64_t v = 0;

	if (s.len == 0)
		return -1;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* Splits a line at commas into at most max fields; returns the count. */
static size_t split_fields(const char *p, size_t len, struct slice *f, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i == len || p[i] == ',') {
			if (n < max) {
				f[n].p = p + start;
				f[n].len = i - start;
			}
			n++;
			start = i + 1;
		}
	}
	return n;
}

/*
 * Checks each id of a ranking field (not yet resolved).  Returns 0, or -1
 * after reporting the first bad one.
 */
static int check_ranking(struct errors *er, const struct table *t, size_t line, struct slice rk,
                         const char *what)
{
	char why[96], shown[96];
	size_t i = 0;

	while (i < rk.len) {
		while (i < rk.len && (rk.p[i] == ' ' || rk.p[i] == '\t'))
			i++;
		size_t start = i;
		while (i < rk.len && rk.p[i] != ' ' && rk.p[i] != '\t')
			i++;
		if (i == start)
			break;
		struct slice id = {rk.p + start, i - start};
		const char *problem = id_problem(id, why, sizeof(why));
		if (problem) {
			fail(er, t->path, line, "invalid %s '%s' in ranking: %s", what,
			     show(id, shown, sizeof(shown)), problem);
			return -1;
		}
	}
	return 0;
}

/*
 * Reads one file into rows: the header's columns, then per row the id
 * (unique), the ranking field (its ids checked but not resolved) and the
 * capacity.  Errors are reported and counted in er.
 */
static int load_table(struct errors *er, struct table *t, const char *other_id)
{
	enum { COL_ID, COL_CAPACITY, COL_RANKING, N_COLS };
	const char *names[N_COLS] = {t->id_column, "capacity", "ranking"};
	int col[N_COLS] = {-1, -1, -1};
	struct slice fields[64], *f = fields;
	size_t n_header = 0, line = 0, pos = 0, max_fields = 64;
	struct slice *heap_fields = NULL;
	char why[96], shown[96];
	int errors_before = er->count;
	int rc;

	rc = read_all(t->path, &t->data, &t->size);
	if (rc < 0) {
		if (rc == -ENOMEM)
			return rc;
		fail(er, t->path, 0, "cannot read: %s", strerror(-rc));
		return 0;
	}
	if (t->size >= 3 && memcmp(t->data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < t->size) {
		const char *start = t->data + pos;
		const char *nl = memchr(start, '\n', t->size - pos);
		size_t len = nl ? (size_t)(nl - start) : t->size - pos;
		pos += len + (nl ? 1 : 0);
		line++;
		if (len && start[len - 1] == '\r')
			len--;
		if (trim((struct slice){start, len}).len == 0)
			continue; /* blank */
		if (er->count >= MAX_ERRORS)
			break;
		if (!utf8_valid(start, len)) {
			fail(er, t->path, line, "invalid UTF-8");
			if (n_header == 0)
				break;
			continue;
		}
		if (memchr(start, '"', len)) {
			fail(er, t->path, line,
			     "quotes are not allowed (the format has no quoting)");
			if (n_header == 0)
				break;
			continue;
		}
		size_t n = split_fields(start, len, f, max_fields);
		if (n > max_fields) {
			free(heap_fields);
			heap_fields = malloc(n * sizeof(*heap_fields));
			if (!heap_fields)
				return -ENOMEM;
			f = heap_fields;
			max_fields = n;
			split_fields(start, len, f, max_fields);
		}
		if (n_header == 0) {
			/* the header */
			n_header = n;
			for (size_t i = 0; i < n; i++) {
				struct slice name = trim(f[i]);
				for (int c = 0; c < N_COLS; c++) {
					if (!slice_eq(name, names[c]))
						continue;
					if (col[c] >= 0)
						fail(er, t->path, line, "column '%s' appears twice",
						     names[c]);
					col[c] = (int)i;
				}
			}
			for (int c = 0; c < N_COLS; c++) {
				if (c == COL_CAPACITY && !t->has_capacity)
					continue;
				if (col[c] < 0)
					fail(er, t->path, line, "missing column '%s' in header %s",
					     names[c],
					     t->has_capacity
					         ? "(expected position_id,capacity,ranking)"
					         : "(expected student_id,ranking)");
			}
			if (er->count > errors_before)
				break;
			continue;
		}
		if (n != n_header) {
			fail(er, t->path, line, "expected %zu fields as in the header, found %zu",
			     n_header, n);
			continue;
		}
		if (table_grow(t) < 0) {
			free(heap_fields);
			return -ENOMEM;
		}
		uint32_t r = (uint32_t)t->n_rows;
		struct slice id = trim(f[col[COL_ID]]);
		const char *problem = id_problem(id, why, sizeof(why));
		if (problem) {
			fail(er, t->path, line, "invalid %s '%s': %s", t->id_column,
			     show(id, shown, sizeof(shown)), problem);
			continue;
		}
		t->ids[r] = id;
		t->rankings[r] = f[col[COL_RANKING]];
		t->line[r] = line;
		t->capacity[r] = 0;
		if (t->has_capacity &&
		    parse_capacity(trim(f[col[COL_CAPACITY]]), &t->capacity[r]) < 0) {
			fail(er, t->path, line, "bad capacity '%s': expected an integer >= 0",
			     show(trim(f[col[COL_CAPACITY]]), shown, sizeof(shown)));
			continue;
		}
		if (check_ranking(er, t, line, t->rankings[r], other_id) < 0)
			continue;
		uint32_t dup = table_insert(t, r);
		if (dup == NO_ROW - 1) {
			free(heap_fields);
			return -ENOMEM;
		}
		if (dup != NO_ROW) {
			fail(er, t->path, line, "duplicate %s '%s' (first on line %zu)",
			     t->id_column, show(id, shown, sizeof(shown)), t->line[dup]);
			continue;
		}
		t->n_rows++;
	}
	free(heap_fields);
	if (n_header == 0 && er->count == errors_before)
		fail(er, t->path, line ? line : 1, "no header: expected %s",
		     t->has_capacity ? "position_id,capacity,ranking" : "student_id,ranking");
	return 0;
}

/*
 * Resolves every ranking of `from` against the ids of `to` into a CSR list.
 * Unknown and repeated ids are reported.  *off (n_rows + 1) and *list are
 * allocated; the caller frees them.
 */
static int resolve(struct errors *er, const struct table *from, const struct table *to,
                   uint32_t **off_out, uint32_t **list_out)
{
	size_t n = 0, cap = 1024;
	uint32_t *off = malloc((from->n_rows + 1) * sizeof(*off));
	uint32_t *list = malloc(cap * sizeof(*list));
	uint32_t *stamp = malloc((to->n_rows + 1) * sizeof(*stamp));
	char shown[96];

	if (!off || !list || !stamp) {
		free(off);
		free(list);
		free(stamp);
		return -ENOMEM;
	}
	memset(stamp, 0xff, (to->n_rows + 1) * sizeof(*stamp));
	off[0] = 0;
	for (uint32_t r = 0; r < from->n_rows; r++) {
		struct slice rk = from->rankings[r];
		size_t i = 0;
		while (i < rk.len && er->count < MAX_ERRORS) {
			while (i < rk.len && (rk.p[i] == ' ' || rk.p[i] == '\t'))
				i++;
			size_t start = i;
			while (i < rk.len && rk.p[i] != ' ' && rk.p[i] != '\t')
				i++;
			if (i == start)
				break;
			struct slice id = {rk.p + start, i - start};
			uint32_t q = table_find(to, id);
			if (q == NO_ROW) {
				fail(er, from->path, from->line[r],
				     "unknown %s '%s' in ranking (not in %s)", to->id_column,
				     show(id, shown, sizeof(shown)), to->path);
				break;
			}
			if (stamp[q] == r) {
				fail(er, from->path, from->line[r],
				     "%s '%s' appears twice in ranking", to->id_column,
				     show(id, shown, sizeof(shown)));
				break;
			}
			stamp[q] = r;
			if (n == cap) {
				uint32_t *nl = realloc(list, cap * 2 * sizeof(*nl));
				if (!nl) {
					free(off);
					free(list);
					free(stamp);
					return -ENOMEM;
				}
				list = nl;
				cap *= 2;
			}
			list[n++] = q;
		}
		off[r + 1] = (uint32_t)n;
	}
	free(stamp);
	*off_out = off;
	*list_out = list;
	return 0;
}

/* ---- the command -------------------------------------------------------- */

static void usage(FILE *out)
{
	fputs("usage: skyway match --students S.csv --positions P.csv\n"
	      "\n"
	      "Prints the student-optimal stable matching (student-proposing deferred\n"
	      "acceptance) as CSV: header student_id,position_id, then one row per student\n"
	      "in the order of S.csv, the position empty when unmatched.\n"
	      "\n"
	      "  S.csv  header student_id,ranking; ranking: space-separated position ids,\n"
	      "         most preferred first\n"
	      "  P.csv  header position_id,capacity,ranking; capacity: an integer >= 0;\n"
	      "         ranking: space-separated student ids, most preferred first\n"
	      "\n"
	      "A pair is acceptable only when each side ranks the other.  Ids are non-empty\n"
	      "UTF-8 without commas, whitespace or quotes, unique within their file.\n"
	      "\n"
	      "Exit status: 0 done; 2 bad usage or bad input (FILE:LINE: reason on stderr,\n"
	      "nothing on stdout); 1 internal or output error.\n",
	      out);
}

/* Takes the value of --name or --name=value (cli_option); returns 1 when
 * argv[*i] is that option, setting *bad when its value is missing or was
 * given before. */
static int option(int argc, char **argv, int *i, const char *name, const char **value, int *bad)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) || (argv[*i][n] && argv[*i][n] != '='))
		return 0;
	const char *v = cli_option(argc, argv, i, name);
	if (!v || *value)
		*bad = 1;
	else
		*value = v;
	return 1;
}

/* Writes the matching to stdout.  Returns 0, or -1 when writing fails. */
static int print_matching(const struct table *st, const struct table *pt, const int32_t *match)
{
	fputs("student_id,position_id\n", stdout);
	for (size_t s = 0; s < st->n_rows; s++) {
		fwrite(st->ids[s].p, 1, st->ids[s].len, stdout);
		fputc(',', stdout);
		if (match[s] >= 0)
			fwrite(pt->ids[match[s]].p, 1, pt->ids[match[s]].len, stdout);
		fputc('\n', stdout);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return -1;
	return 0;
}

int cmd_match(int argc, char **argv)
{
	const char *students = NULL, *positions = NULL;
	struct table st = {.id_column = "student_id"};
	struct table pt = {.id_column = "position_id", .has_capacity = 1};
	struct errors er = {0};
	uint32_t *s_off = NULL, *s_list = NULL, *p_off = NULL, *p_list = NULL;
	int32_t *match = NULL;
	struct match_prefs prefs;
	struct match_check_result check;
	int status = 1, bad = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		}
	}
	for (int i = 1; i < argc && !bad; i++) {
		if (option(argc, argv, &i, "--students", &students, &bad) ||
		    option(argc, argv, &i, "--positions", &positions, &bad))
			continue;
		fprintf(stderr, "match: unknown argument '%s'\n", argv[i]);
		bad = 1;
	}
	if (bad || !students || !positions || !*students || !*positions) {
		if (!bad)
			fprintf(stderr, "match: --students and --positions are both required\n");
		else
			fprintf(stderr, "match: each option takes one file, once\n");
		usage(stderr);
		return 2;
	}

	st.path = students;
	pt.path = positions;
	if (load_table(&er, &st, "position_id") < 0 || load_table(&er, &pt, "student_id") < 0)
		goto out_nomem;
	if (er.count)
		goto out_bad;
	if (resolve(&er, &st, &pt, &s_off, &s_list) < 0 ||
	    resolve(&er, &pt, &st, &p_off, &p_list) < 0)
		goto out_nomem;
	if (er.count)
		goto out_bad;

	prefs.n_students = st.n_rows;
	prefs.n_positions = pt.n_rows;
	prefs.student_off = s_off;
	prefs.student_list = s_list;
	prefs.position_off = p_off;
	prefs.position_list = p_list;
	prefs.capacity = pt.capacity;
	match = malloc((st.n_rows + 1) * sizeof(*match));
	if (!match || match_deferred_acceptance(&prefs, match, NULL) < 0)
		goto out_nomem;
	/* cheap insurance: never print a matching that is not stable */
	if (match_check_stable(&prefs, match, &check) != MATCH_CHECK_OK) {
		fprintf(stderr, "match: internal error: the matching failed its stability check\n");
		goto out;
	}
	if (print_matching(&st, &pt, match) < 0) {
		fprintf(stderr, "match: cannot write the output: %s\n", strerror(errno));
		goto out;
	}
	status = 0;
	goto out;

out_bad:
	if (er.count >= MAX_ERRORS)
		fprintf(stderr, "match: stopped after %d errors\n", MAX_ERRORS);
	status = 2;
	goto out;
out_nomem:
	fprintf(stderr, "match: out of memory\n");
	status = 1;
out:
	free(match);
	free(s_off);
	free(s_list);
	free(p_off);
	free(p_list);
	table_release(&st);
	table_release(&pt);
	return status;
}
