#include "store/store_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json_write.h"
#include "base/utf8.h"
#include "base/util.h"

int store_open(const char *url, struct store **out, char *err, size_t errlen)
{
	if (!url || !*url) {
		snprintf(err, errlen, "no database URL (use --db sqlite:PATH or postgres://...)");
		return -1;
	}
	if (!strncmp(url, "sqlite:", 7))
		return store_sqlite_open(url + 7, out, err, errlen);
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return store_pg_open(url, out, err, errlen);
	snprintf(err, errlen, "unknown database URL '%s' (use sqlite:PATH or postgres://...)", url);
	return -1;
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

enum store_kind store_kind(const struct store *s)
{
	return s->kind;
}

const char *store_errmsg(struct store *s)
{
	return s->ops->errmsg(s);
}

int store_in_tx(const struct store *s)
{
	return s->in_tx;
}

int store_exec(struct store *s, const char *sql)
{
	return s->ops->exec(s, sql);
}

int store_begin(struct store *s)
{
	int rc = s->ops->begin(s);
	if (rc == STORE_OK)
		s->in_tx = 1;
	return rc;
}

int store_commit(struct store *s)
{
	int rc = s->ops->exec(s, "COMMIT");
	/* SQLite keeps the transaction open after a failed COMMIT (BUSY, say);
	 * PostgreSQL has already ended it.  Roll back either way, keeping the
	 * commit's error as the one reported, so nothing is left half done. */
	if (rc != STORE_OK)
		s->ops->exec(s, "ROLLBACK");
	s->in_tx = 0;
	return rc;
}

int store_rollback(struct store *s)
{
	if (!s->in_tx)
		return STORE_OK;
	s->in_tx = 0;
	return s->ops->exec(s, "ROLLBACK");
}

/* Collects varargs per TYPES into args; returns -1 on a bad type letter. */
static int collect(struct store_args *a, const char *types, va_list ap)
{
	a->n = 0;
	for (int i = 0; types && types[i]; i++) {
		if (a->n == STORE_ARGS_MAX)
			return -1;
		switch (types[i]) {
		case 'i':
			store_args_int(a, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			if (v)
				store_args_int(a, v);
			else
				store_args_text(a, NULL);
			break;
		}
		case 't':
			store_args_text(a, va_arg(ap, const char *));
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static struct store_stmt *vquery(struct store *s, const char *sql, const char *types, va_list ap)
{
	struct store_args a;
	if (collect(&a, types, ap)) {
		log_error("bad argument types '%s' [%s]", types, sql);
		return NULL;
	}
	return store_query_args(s, sql, &a);
}

struct store_stmt *store_query(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct store_stmt *st = vquery(s, sql, types, ap);
	va_end(ap);
	return st;
}

int store_run(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct store_stmt *st = vquery(s, sql, types, ap);
	va_end(ap);
	if (!st)
		return STORE_ERROR;
	int rc;
	while ((rc = s->ops->step(st)) == STORE_ROW)
		;
	s->ops->finalize(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

int store_int64(struct store *s, int64_t *out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct store_stmt *st = vquery(s, sql, types, ap);
	va_end(ap);
	if (!st)
		return STORE_ERROR;
	int rc = s->ops->step(st);
	if (rc == STORE_ROW)
		*out = s->ops->column_int64(st, 0);
	s->ops->finalize(st);
	return rc;
}

json_t *store_row_object(struct store_stmt *st)
{
	const struct store_ops *ops = st->db->ops;
	json_t *o = json_object();
	int n = ops->column_count(st);
	for (int i = 0; i < n; i++) {
		json_t *v;
		switch (ops->column_type(st, i)) {
		case STORE_T_INT:
			v = json_integer(ops->column_int64(st, i));
			break;
		case STORE_T_REAL:
			v = json_real(ops->column_double(st, i));
			break;
		case STORE_T_TEXT:
			v = json_string(ops->column_text(st, i));
			if (!v) /* not UTF-8: never happens for data we wrote */
				v = json_null();
			break;
		default:
			v = json_null();
		}
		json_object_set_new(o, ops->column_name(st, i), v);
	}
	return o;
}

static json_t *vrows(struct store *s, int first_only, const char *sql, const char *types,
                     va_list ap)
{
	struct store_stmt *st = vquery(s, sql, types, ap);
	if (!st)
		return NULL;
	json_t *arr = first_only ? NULL : json_array();
	int rc;
	while ((rc = s->ops->step(st)) == STORE_ROW) {
		json_t *o = store_row_object(st);
		if (first_only) {
			s->ops->finalize(st);
			return o;
		}
		json_array_append_new(arr, o);
	}
	s->ops->finalize(st);
	if (rc != STORE_DONE) {
		log_error("query failed: %s [%s]", store_errmsg(s), sql);
		json_decref(arr);
		return NULL;
	}
	return first_only ? json_null() : arr;
}

json_t *store_rows(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *r = vrows(s, 0, sql, types, ap);
	va_end(ap);
	return r;
}

json_t *store_row(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *r = vrows(s, 1, sql, types, ap);
	va_end(ap);
	return r;
}

void store_args_int(struct store_args *a, int64_t v)
{
	if (a->n < STORE_ARGS_MAX) {
		a->v[a->n].type = 'i';
		a->v[a->n++].i = v;
	}
}

void store_args_text(struct store_args *a, const char *t)
{
	if (a->n < STORE_ARGS_MAX) {
		a->v[a->n].type = 't';
		a->v[a->n++].t = t;
	}
}

struct store_stmt *store_query_args(struct store *s, const char *sql, const struct store_args *a)
{
	struct store_stmt *st;
	int rc = 0;
	if (s->ops->prepare(s, sql, &st) != STORE_OK) {
		log_error("prepare failed: %s [%s]", store_errmsg(s), sql);
		return NULL;
	}
	for (int i = 0; i < a->n && rc == 0; i++) {
		if (a->v[i].type == 'i')
			rc = s->ops->bind_int64(st, i + 1, a->v[i].i);
		else
			rc = a->v[i].t ? s->ops->bind_text(st, i + 1, a->v[i].t)
			               : s->ops->bind_null(st, i + 1);
	}
	if (rc) {
		log_error("bind failed: %s [%s]", store_errmsg(s), sql);
		s->ops->finalize(st);
		return NULL;
	}
	return st;
}

json_t *store_rows_args(struct store *s, const char *sql, const struct store_args *a)
{
	struct store_stmt *st = store_query_args(s, sql, a);
	if (!st)
		return NULL;
	json_t *arr = json_array();
	int rc;
	while ((rc = s->ops->step(st)) == STORE_ROW)
		json_array_append_new(arr, store_row_object(st));
	s->ops->finalize(st);
	if (rc != STORE_DONE) {
		log_error("query failed: %s [%s]", store_errmsg(s), sql);
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Writes column c of st's row as store_row_object's value prints: 0, or
 * -1 (nothing written) when jansson would hold no value (a real that is
 * not finite: its key is then left out). */
static int write_value(const struct store_ops *ops, struct store_stmt *st, int c, struct buf *out)
{
	switch (ops->column_type(st, c)) {
	case STORE_T_INT:
		json_write_int(out, ops->column_int64(st, c));
		return 0;
	case STORE_T_REAL:
		return json_write_real(out, ops->column_double(st, c), 12);
	case STORE_T_TEXT: {
		const char *t = ops->column_text(st, c);
		if (t && utf8_valid(t, strlen(t))) /* else null, as json_string() refuses it */
			json_write_string(out, t);
		else
			buf_adds(out, "null");
		return 0;
	}
	default:
		buf_adds(out, "null");
		return 0;
	}
}

/* The largest row store_rows_json prints itself (more columns: jansson). */
#define ROWS_JSON_COLUMNS 64

int64_t store_rows_json(struct store *s, const char *sql, const struct store_args *a,
                        struct buf *out)
{
	struct store_stmt *st = store_query_args(s, sql, a);
	if (!st)
		return -1;
	const struct store_ops *ops = s->ops;
	/* The columns are known once the statement ran (on PostgreSQL, at
	 * its first step). */
	int rc = ops->step(st), n = rc == STORE_ROW ? ops->column_count(st) : 0;
	if (n > ROWS_JSON_COLUMNS) {
		ops->finalize(st);
		json_t *rows = store_rows_args(s, sql, a);
		int64_t count = rows ? (int64_t)json_array_size(rows) : -1;
		char *text = rows ? json_dumps(rows, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
		json_decref(rows);
		if (text)
			buf_adds(out, text);
		free(text);
		return text ? count : -1;
	}
	/* Each column's key, ",\"name\":", printed once.  A name that repeats
	 * is one key, where it first appears, holding the last value set
	 * (json_object_set_new): such a column (dup) takes the slow path. */
	struct buf keys = BUF_INIT;
	size_t at[ROWS_JSON_COLUMNS + 1];
	unsigned char dup[ROWS_JSON_COLUMNS] = {0}, later[ROWS_JSON_COLUMNS] = {0};
	for (int i = 0; i < n; i++) {
		const char *name = ops->column_name(st, i);
		for (int j = 0; j < i; j++)
			if (!strcmp(name, ops->column_name(st, j))) {
				dup[i] = dup[j] = 1;
				later[i] = 1;
			}
		at[i] = keys.len;
		buf_addch(&keys, ',');
		json_write_string(&keys, name);
		buf_addch(&keys, ':');
	}
	at[n] = keys.len;
	int64_t rows = 0;
	buf_grow(out, 4096);
	buf_addch(out, '[');
	for (; rc == STORE_ROW && !buf_failed(&keys); rc = ops->step(st)) {
		if (rows++)
			buf_addch(out, ',');
		buf_addch(out, '{');
		int written_keys = 0;
		for (int i = 0; i < n; i++) {
			if (later[i])
				continue;
			size_t mark = out->len, skip = written_keys ? 0 : 1; /* no comma first */
			buf_add(out, keys.data + at[i] + skip, at[i + 1] - at[i] - skip);
			int written = -1;
			if (!dup[i])
				written = write_value(ops, st, i, out);
			for (int c = n - 1; dup[i] && written && c >= i; c--)
				if (c == i ||
				    !strcmp(ops->column_name(st, i), ops->column_name(st, c)))
					written = write_value(ops, st, c, out);
			if (!written) {
				written_keys++;
			} else if (!buf_failed(out)) { /* no value: no key (nothing written) */
				out->len = mark;
				out->data[mark] = '\0';
			}
		}
		buf_addch(out, '}');
	}
	buf_addch(out, ']');
	ops->finalize(st);
	int failed = buf_failed(&keys) || rc != STORE_DONE;
	buf_release(&keys);
	if (failed) {
		log_error("query failed: %s [%s]", store_errmsg(s), sql);
		return -1;
	}
	return rows;
}

int store_int64_args(struct store *s, int64_t *out, const char *sql, const struct store_args *a)
{
	struct store_stmt *st = store_query_args(s, sql, a);
	if (!st)
		return STORE_ERROR;
	int rc = s->ops->step(st);
	if (rc == STORE_ROW)
		*out = s->ops->column_int64(st, 0);
	s->ops->finalize(st);
	return rc;
}

int store_step(struct store_stmt *st)
{
	return st->db->ops->step(st);
}

void store_finalize(struct store_stmt *st)
{
	if (st)
		st->db->ops->finalize(st);
}

const char *store_column_text(struct store_stmt *st, int col)
{
	return st->db->ops->column_text(st, col);
}

int64_t store_column_int64(struct store_stmt *st, int col)
{
	return st->db->ops->column_int64(st, col);
}

enum store_type store_column_type(struct store_stmt *st, int col)
{
	return st->db->ops->column_type(st, col);
}

char *store_like_contains(const char *q)
{
	size_t n = strlen(q);
	char *p = malloc(2 * n + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

#define BULK_ROWS 400

struct store_bulk {
	struct store *db;
	char *head;
	int ncols, nrows, rc;
	char **vals; /* BULK_ROWS * ncols */
	struct store_bulk *parent;
};

void store_bulk_parent(struct store_bulk *child, struct store_bulk *parent)
{
	child->parent = parent;
}

struct store_bulk *store_bulk_new(struct store *s, const char *head, int ncols)
{
	struct store_bulk *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->db = s;
	b->ncols = ncols;
	b->head = strdup(head);
	b->vals = calloc((size_t)BULK_ROWS * (size_t)ncols, sizeof(char *));
	if (!b->head || !b->vals) {
		free(b->head);
		free(b->vals);
		free(b);
		return NULL;
	}
	return b;
}

static int bulk_flush(struct store_bulk *b)
{
	if (!b->nrows || b->rc)
		return b->rc;
	/* Rows of a parent table go first, so foreign keys hold. */
	if (b->parent && bulk_flush(b->parent))
		return b->rc = b->parent->rc;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, b->head);
	buf_adds(&sql, " VALUES ");
	for (int r = 0; r < b->nrows; r++) {
		buf_adds(&sql, r ? ", (" : "(");
		for (int c = 0; c < b->ncols; c++)
			buf_adds(&sql, c ? ", ?" : "?");
		buf_addch(&sql, ')');
	}
	struct store_stmt *st = NULL;
	int rc = buf_failed(&sql) ? STORE_ERROR : b->db->ops->prepare(b->db, sql.data, &st);
	int n = b->nrows * b->ncols;
	for (int i = 0; i < n && rc == STORE_OK; i++)
		rc = b->vals[i] ? b->db->ops->bind_text(st, i + 1, b->vals[i])
		                : b->db->ops->bind_null(st, i + 1);
	if (rc == STORE_OK) {
		rc = b->db->ops->step(st);
		rc = rc == STORE_DONE ? STORE_OK : rc;
	}
	if (rc != STORE_OK)
		log_error("bulk insert failed: %s [%s]", store_errmsg(b->db), b->head);
	if (st)
		b->db->ops->finalize(st);
	buf_release(&sql);
	for (int i = 0; i < n; i++) {
		free(b->vals[i]);
		b->vals[i] = NULL;
	}
	b->nrows = 0;
	b->rc = rc;
	return rc;
}

int store_bulk_add(struct store_bulk *b, const char *const *values)
{
	if (b->rc)
		return b->rc;
	char **row = b->vals + (size_t)b->nrows * (size_t)b->ncols;
	for (int c = 0; c < b->ncols; c++)
		if (values[c] && !(row[c] = strdup(values[c])))
			return b->rc = STORE_ERROR;
	if (++b->nrows == BULK_ROWS)
		return bulk_flush(b);
	return STORE_OK;
}

int store_bulk_finish(struct store_bulk *b)
{
	if (!b)
		return STORE_ERROR;
	int rc = bulk_flush(b);
	for (int i = 0; i < b->nrows * b->ncols; i++)
		free(b->vals[i]);
	free(b->vals);
	free(b->head);
	free(b);
	return rc;
}

int store_sync_ids(struct store *s, const char *table)
{
	if (s->kind != STORE_POSTGRES)
		return STORE_OK;
	char sql[256];
	snprintf(
	    sql, sizeof(sql),
	    "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 0) + 1, false)"
	    " FROM %s",
	    table, table);
	return store_exec(s, sql);
}

int store_analyze(struct store *s)
{
	/* The whole of every index (~0.1 s of CPU on the demo): with SQLite's
	 * analysis_limit of 1,000 rows, positions.status looked selective and
	 * searches went through its index with a table lookup per row,
	 * although nearly every position is open (a full scan is cheaper). */
	return store_exec(s, "ANALYZE");
}

/* 1 when s holds an ASCII letter (a character LIKE and ILIKE fold). */
static int has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

/* One alternative's condition (no leading AND); *owned is its argument. */
static void text_cond(struct store *s, struct buf *where, struct store_args *args,
                      const char *fts_table, const char *id_column, const char *text_column,
                      const char *term, char **owned)
{
	if (s->kind == STORE_SQLITE && utf8_length(term) >= 3) {
		/* An FTS5 string: the term as one phrase, quotes doubled. */
		struct buf q = BUF_INIT;
		buf_addch(&q, '"');
		for (const char *p = term; *p; p++) {
			if (*p == '"')
				buf_addch(&q, '"');
			buf_addch(&q, *p);
		}
		buf_addch(&q, '"');
		buf_addf(where, "%s IN (SELECT rowid FROM %s WHERE %s MATCH ?)", id_column,
		         fts_table, fts_table);
		*owned = buf_detach(&q, NULL);
	} else if (!has_letter(term) && (s->kind == STORE_SQLITE || utf8_length(term) < 3)) {
		/* No letter has a case to ignore: a plain byte search, several
		 * times faster than LIKE's per-character folding (a 1-2
		 * character Chinese term scans every row; so does PostgreSQL's
		 * ILIKE, whose trigram index needs 3 characters). */
		buf_addf(where, "%s(%s, ?) > 0", s->kind == STORE_SQLITE ? "instr" : "strpos",
		         text_column);
		*owned = strdup(term);
	} else {
		buf_addf(where, "%s %s ? ESCAPE '\\'", text_column,
		         s->kind == STORE_SQLITE ? "LIKE" : "ILIKE");
		*owned = store_like_contains(term);
	}
	store_args_text(args, *owned);
}

void store_text_contains(struct store *s, struct buf *where, struct store_args *args,
                         const char *fts_table, const char *id_column, const char *text_column,
                         const char *term, char **owned)
{
	buf_adds(where, " AND ");
	text_cond(s, where, args, fts_table, id_column, text_column, term, owned);
}

void store_text_contains_any(struct store *s, struct buf *where, struct store_args *args,
                             const char *fts_table, const char *id_column, const char *text_column,
                             const char *const *terms, int n, char **owned)
{
	buf_adds(where, " AND (");
	for (int i = 0; i < n; i++) {
		if (i)
			buf_adds(where, " OR ");
		text_cond(s, where, args, fts_table, id_column, text_column, terms[i], &owned[i]);
	}
	buf_adds(where, ")");
}

/* ---- per-thread pool ---- */

static char *pool_url;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store **pool;
static int pool_n, pool_cap;
static _Thread_local struct store *thread_conn;
static int pool_faults;

void store_faults_enable(void)
{
	pool_faults = 1;
}

int store_faults_enabled(void)
{
	return pool_faults;
}

void store_pool_init(const char *url)
{
	free(pool_url);
	pool_url = strdup(url);
}

struct store *store_thread(void)
{
	char err[256];
	struct store *s;

	if (thread_conn)
		return thread_conn;
	if (store_open(pool_url, &s, err, sizeof(err))) {
		log_error("database: %s", err);
		return NULL;
	}
	if (pool_faults) {
		struct store *w = store_fault_wrap(s);
		if (!w) {
			store_close(s);
			return NULL;
		}
		s = w;
	}
	pthread_mutex_lock(&pool_lock);
	if (pool_n == pool_cap) {
		int cap = pool_cap ? pool_cap * 2 : 16;
		struct store **p = realloc(pool, (size_t)cap * sizeof(*p));
		if (!p) {
			pthread_mutex_unlock(&pool_lock);
			store_close(s);
			return NULL;
		}
		pool = p;
		pool_cap = cap;
	}
	pool[pool_n++] = s;
	pthread_mutex_unlock(&pool_lock);
	thread_conn = s;
	return s;
}

int store_pool_size(void)
{
	pthread_mutex_lock(&pool_lock);
	int n = pool_n;
	pthread_mutex_unlock(&pool_lock);
	return n;
}

void store_pool_close(void)
{
	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < pool_n; i++)
		store_close(pool[i]);
	free(pool);
	pool = NULL;
	pool_n = pool_cap = 0;
	pthread_mutex_unlock(&pool_lock);
	thread_conn = NULL;
	free(pool_url);
	pool_url = NULL;
}
