/*
 * cli_table: the rows of a CSV file with named columns, for commands.
 * See cli_table.h for the contract.
 */
#include "cli/cli_table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/table_read.h"
#include "base/vec.h"

struct cli_error {
	int file;
	size_t line, seq;
	const char *text;
};

void cli_errors_init(struct cli_errors *e)
{
	memset(e, 0, sizeof(*e));
	arena_init(&e->arena);
}

static void add_error(struct cli_errors *e, int file, size_t line, const char *text)
{
	if (VEC_PUSH(e, ((struct cli_error){file, line, e->n, text})))
		fprintf(stderr, "%s\n", text); /* out of memory: say it now rather than never */
}

void cli_table_error(const struct cli_table *t, size_t line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_addf(&b, "%s:%zu: ", t->path, line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	add_error(t->errors, t->file, line, arena_strdup(&t->errors->arena, b.data));
	buf_release(&b);
}

static int cmp_error(const void *a, const void *b)
{
	const struct cli_error *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

size_t cli_errors_print(struct cli_errors *e)
{
	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), cmp_error);
	for (size_t i = 0; i < e->n && i < CLI_TABLE_MAX_ERRORS; i++)
		fprintf(stderr, "%s\n", e->v[i].text);
	if (e->n > CLI_TABLE_MAX_ERRORS)
		fprintf(stderr, "... and %zu more errors\n", e->n - CLI_TABLE_MAX_ERRORS);
	return e->n;
}

void cli_errors_release(struct cli_errors *e)
{
	VEC_FREE(e);
	arena_release(&e->arena);
}

/* Trims spaces and tabs around s in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

struct loading {
	struct cli_table *t;
	const char *const *columns;
	size_t at[8]; /* per asked column: its index in the file */
	int header_done;
	VEC(size_t) line;
	VEC(char *) cells;
	int oom;
};

static int on_header(struct loading *ld, const struct table_row *row)
{
	struct cli_table *t = ld->t;
	int missing = 0;

	t->header_line = row->line;
	for (size_t c = 0; c < t->ncols; c++) {
		ld->at[c] = SIZE_MAX;
		for (size_t i = 0; i < row->ncells; i++) {
			if (strcmp(trim(row->cells[i]), ld->columns[c]))
				continue;
			if (ld->at[c] != SIZE_MAX) {
				char a[TABLE_COLUMN_NAME_SIZE], b[TABLE_COLUMN_NAME_SIZE];
				table_column_name(ld->at[c], a);
				table_column_name(i, b);
				cli_table_error(t, row->line, "column %s appears twice (%s and %s)",
				                ld->columns[c], a, b);
				missing = 1;
			}
			ld->at[c] = i;
		}
		if (ld->at[c] == SIZE_MAX) {
			cli_table_error(t, row->line, "missing column %s", ld->columns[c]);
			missing = 1;
		}
	}
	return missing;
}

static int on_row(void *arg, const struct table_row *row)
{
	struct loading *ld = arg;
	struct cli_table *t = ld->t;

	if (!ld->header_done) {
		ld->header_done = 1;
		return on_header(ld, row);
	}
	if (VEC_PUSH(&ld->line, row->line) || VEC_RESERVE(&ld->cells, t->ncols)) {
		ld->oom = 1;
		return 1;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		const char *v = ld->at[c] < row->ncells ? trim(row->cells[ld->at[c]]) : "";
		ld->cells.v[ld->cells.n++] = arena_strdup(&t->arena, v);
	}
	return 0;
}

/* The line a reader's message names ("第 12 行 ..."), or 1 for the whole file. */
static size_t line_of(const char *msg)
{
	const char *p = strstr(msg, "第 ");
	size_t n = 0;

	if (!p)
		return 1;
	for (p += strlen("第 "); *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (size_t)(*p - '0');
	return n && !strncmp(p, " 行", strlen(" 行")) ? n : 1;
}

/* Reads the whole file into b; returns 0 or an errno. */
static int read_all(const char *path, struct buf *b, size_t max)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b->len <= max)
		buf_add(b, chunk, n);
	if (ferror(f))
		rc = EIO;
	else if (buf_failed(b))
		rc = ENOMEM;
	fclose(f);
	return rc;
}

int cli_table_load(struct cli_table *t, const char *path, const char *const *columns, size_t ncols,
                   struct cli_errors *errors)
{
	struct table_limits lim = TABLE_LIMITS_DEFAULT;
	struct loading ld = {.t = t, .columns = columns};
	struct buf data = BUF_INIT;
	char err[256] = "";
	int rc;

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->ncols = ncols;
	t->header_line = 1;
	t->errors = errors;
	t->file = errors->files++;
	arena_init(&t->arena);
	if (ncols > sizeof(ld.at) / sizeof(ld.at[0]))
		return -1;
	rc = read_all(path, &data, lim.max_file_bytes);
	if (rc) {
		struct buf msg = BUF_INIT;
		buf_addf(&msg, "%s: cannot read: %s", path, strerror(rc));
		add_error(errors, t->file, 0, arena_strdup(&errors->arena, msg.data));
		buf_release(&msg);
		buf_release(&data);
		return -1;
	}
	rc = table_read(data.data, data.len, &lim, on_row, &ld, err, sizeof(err));
	buf_release(&data);
	t->n_rows = ld.line.n;
	t->line = ld.line.v;
	t->cell = ld.cells.v;
	if (rc < 0)
		cli_table_error(t, line_of(err), "%s", err);
	else if (ld.oom)
		cli_table_error(t, t->header_line, "out of memory");
	else if (!ld.header_done)
		cli_table_error(t, 1, "missing header (%s)", columns[0]);
	return rc || ld.oom || !ld.header_done ? -1 : 0;
}

const char *cli_table_cell(const struct cli_table *t, size_t r, size_t c)
{
	return t->cell[r * t->ncols + c];
}

struct keyed {
	const char *s;
	size_t row;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int d = strcmp(x->s, y->s);

	if (d)
		return d;
	return x->row < y->row ? -1 : x->row > y->row;
}

size_t *cli_table_sorted(const struct cli_table *t, size_t c)
{
	struct keyed *k = malloc((t->n_rows + 1) * sizeof(*k));
	size_t *rows = malloc((t->n_rows + 1) * sizeof(size_t));

	if (!k || !rows) {
		free(k);
		free(rows);
		return NULL;
	}
	for (size_t r = 0; r < t->n_rows; r++)
		k[r] = (struct keyed){cli_table_cell(t, r, c), r};
	qsort(k, t->n_rows, sizeof(*k), cmp_keyed);
	for (size_t r = 0; r < t->n_rows; r++)
		rows[r] = k[r].row;
	free(k);
	return rows;
}

long cli_table_find(const struct cli_table *t, size_t c, const size_t *sorted, const char *s)
{
	size_t lo = 0, hi = t->n_rows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cli_table_cell(t, sorted[mid], c), s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n_rows && !strcmp(cli_table_cell(t, sorted[lo], c), s) ? (long)sorted[lo]
	                                                                      : -1;
}

int cli_table_check_ids(const struct cli_table *t, size_t c, const char *name, int unique,
                        const size_t *sorted)
{
	size_t *first = unique ? malloc((t->n_rows + 1) * sizeof(size_t)) : NULL;
	int bad = 0;

	if (unique && !first) {
		cli_table_error(t, t->header_line, "out of memory");
		return 1;
	}
	/* first[r]: the earliest row with r's id (r itself when r is the first). */
	for (size_t k = 0; unique && k < t->n_rows; k++) {
		size_t r = sorted[k];
		first[r] =
		    k && !strcmp(cli_table_cell(t, sorted[k - 1], c), cli_table_cell(t, r, c))
		        ? first[sorted[k - 1]]
		        : r;
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		const char *id = cli_table_cell(t, r, c);
		if (!*id) {
			cli_table_error(t, t->line[r], "empty %s", name);
			bad++;
		} else if (strpbrk(id, ",\"\n\r")) {
			cli_table_error(t, t->line[r],
			                "%s '%s' contains a comma, quote or line break", name, id);
			bad++;
		} else if (unique && first[r] != r) {
			cli_table_error(t, t->line[r], "duplicate %s '%s' (first on line %zu)",
			                name, id, t->line[first[r]]);
			bad++;
		}
	}
	free(first);
	return bad;
}

void cli_table_release(struct cli_table *t)
{
	free(t->line);
	free(t->cell);
	arena_release(&t->arena);
	t->line = NULL;
	t->cell = NULL;
	t->n_rows = 0;
}
