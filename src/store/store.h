/*
 * store: one small SQL-level interface over two backends, SQLite and
 * PostgreSQL (after SQLite's VFS and Git's ref_storage_be).
 *
 * Domain code writes portable SQL once, with '?' placeholders; the
 * PostgreSQL backend rewrites them to $1..$n.  What differs between the
 * backends (placeholders, DDL, full-text search, BEGIN flavour) lives in
 * store_sqlite.c and store_pg.c behind struct store_ops.  Portable rules:
 * booleans are INTEGER 0/1, times are BIGINT seconds since the epoch,
 * ids come back through RETURNING id.
 *
 * A connection is not thread-safe: each HTTP worker thread has its own
 * (store_thread()), opened on first use and closed by store_pool_close().
 */
#ifndef SKYWAY_STORE_STORE_H
#define SKYWAY_STORE_STORE_H

#include <jansson.h>
#include <stdint.h>

enum store_kind { STORE_SQLITE = 1, STORE_POSTGRES = 2 };

enum {
	STORE_OK = 0,
	STORE_ROW = 100,  /* store_step: a row is ready */
	STORE_DONE = 101, /* store_step: no more rows */
	STORE_ERROR = -1,
	STORE_UNIQUE = -2, /* a UNIQUE or PRIMARY KEY constraint failed */
	STORE_BUSY = -3,
	/* An exclusion rule refused the row: PostgreSQL's EXCLUDE constraint
	 * (SQLSTATE 23P01), or on SQLite a trigger raising a message that
	 * starts "exclusion:" (two bookings of one room that overlap). */
	STORE_EXCLUDED = -4,
};

enum store_type { STORE_T_NULL, STORE_T_INT, STORE_T_REAL, STORE_T_TEXT };

/* A connection and a prepared statement; their insides are private to
 * src/store/ (store_internal.h), as Git keeps struct ref_storage_be. */
struct store;
struct store_stmt;

/* Opens a connection for URL "sqlite:PATH" or "postgres://..." (also
 * "postgresql://").  Returns 0 and *out, or -1 with a message in err. */
int store_open(const char *url, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);
/* Which backend serves s. */
enum store_kind store_kind(const struct store *s);
/* The last error's message on s (owned by s, valid until its next call). */
const char *store_errmsg(struct store *s);
int store_exec(struct store *s, const char *sql);
int store_begin(struct store *s);
/* Commits; when the commit fails the transaction is rolled back, so a
 * failed commit has written nothing on either backend. */
int store_commit(struct store *s);
/* Rolls back the open transaction; nothing to do (STORE_OK) when none is
 * open, so error paths call it unconditionally.  The only rollback. */
int store_rollback(struct store *s);
/* 1 while a transaction is open (the http layer checks that a handler
 * closed its own). */
int store_in_tx(const struct store *s);

/*
 * Fault injection for tests (after SQLite's aSyscall[]): with faults
 * enabled, every connection the pool opens is wrapped so that a test can
 * make the Nth database operation (prepare, step, exec, begin, commit) of
 * a request fail as if the database had refused it.
 */
/* Wraps connections opened by store_thread() from now on. */
void store_faults_enable(void);
int store_faults_enabled(void);
/* Makes the nth operation on s from now fail (n >= 1).  Does nothing on a
 * connection that is not wrapped. */
void store_fault_arm(struct store *s, int n);
/* Disarms s; returns 1 when the armed fault fired, else 0. */
int store_fault_disarm(struct store *s);

/*
 * Typed helpers.  TYPES has one letter per '?' in SQL, each taking one
 * vararg: 'i' int64_t, 'I' int64_t that binds NULL when 0, 't' const char *
 * (NULL binds NULL).  At most STORE_ARGS_MAX of them.
 */
/* Prepares and binds; returns the statement (finalize it) or NULL. */
struct store_stmt *store_query(struct store *s, const char *sql, const char *types, ...);
/* Runs to completion; returns STORE_OK, STORE_UNIQUE or STORE_ERROR. */
int store_run(struct store *s, const char *sql, const char *types, ...);
/* Runs a query whose first row's first column is an integer; returns
 * STORE_ROW (and *out), STORE_DONE when no row, or an error. */
int store_int64(struct store *s, int64_t *out, const char *sql, const char *types, ...);
/* Returns every row as a JSON array of objects keyed by column name
 * (new reference), or NULL on error. */
json_t *store_rows(struct store *s, const char *sql, const char *types, ...);
/* Returns the first row as an object, json_null() when none, NULL on error. */
json_t *store_row(struct store *s, const char *sql, const char *types, ...);
/* Current row of stmt as a JSON object (new reference). */
json_t *store_row_object(struct store_stmt *st);

/*
 * Arguments collected at run time, for queries whose WHERE clause is built
 * from optional filters.  Texts are borrowed, not copied.
 */
#define STORE_ARGS_MAX 64
struct store_args {
	int n;
	struct {
		char type; /* 'i' or 't' */
		int64_t i;
		const char *t;
	} v[STORE_ARGS_MAX];
};
void store_args_int(struct store_args *a, int64_t v);
void store_args_text(struct store_args *a, const char *t);
struct store_stmt *store_query_args(struct store *s, const char *sql, const struct store_args *a);
json_t *store_rows_args(struct store *s, const char *sql, const struct store_args *a);
struct buf;
/* The rows store_rows_args returns, printed rather than built: appended to
 * out as the text json_dumps(rows, JSON_COMPACT | JSON_REAL_PRECISION(12))
 * writes ("[{...},...]", base/json_write.h).  The number of rows, or -1 on
 * error (out then ends with part of the array). */
int64_t store_rows_json(struct store *s, const char *sql, const struct store_args *a,
                        struct buf *out);
int store_int64_args(struct store *s, int64_t *out, const char *sql, const struct store_args *a);

int store_step(struct store_stmt *st);
void store_finalize(struct store_stmt *st);
const char *store_column_text(struct store_stmt *st, int col);
int64_t store_column_int64(struct store_stmt *st, int col);
enum store_type store_column_type(struct store_stmt *st, int col);

/* Builds a LIKE pattern "%q%" with % _ and \ escaped; use with
 * "LIKE ? ESCAPE '\\'".  Caller frees. */
char *store_like_contains(const char *q);

/*
 * Bulk inserts: rows collected and sent as multi-row INSERTs of a few
 * hundred rows each (one round trip each on PostgreSQL).  Values are
 * bound as text; both backends convert them to the column's type.  Use
 * inside a transaction for all-or-nothing.
 */
struct store_bulk;
/* head is "INSERT INTO t (a, b, c)"; returns NULL when out of memory. */
struct store_bulk *store_bulk_new(struct store *s, const char *head, int ncols);
/* Makes child flush parent's pending rows before its own (rows that
 * reference parent rows by foreign key).  Finish the child first. */
void store_bulk_parent(struct store_bulk *child, struct store_bulk *parent);
/* Adds one row of ncols values (NULL binds NULL; values are copied). */
int store_bulk_add(struct store_bulk *b, const char *const *values);
/* Sends what is left and frees b; returns STORE_OK or the first error
 * (an error also makes later adds no-ops). */
int store_bulk_finish(struct store_bulk *b);

/* After rows were inserted with explicit ids: moves PostgreSQL's identity
 * sequence of table past the largest id (nothing to do on SQLite).  table
 * is a constant of the caller, never user input. */
int store_sync_ids(struct store *s, const char *table);

/* Refreshes the planner's statistics (ANALYZE) after a bulk load: the
 * demo, an import.  Outside a transaction; returns STORE_OK or an error. */
int store_analyze(struct store *s);

/*
 * Chinese text search, the one place the backends differ most.  Appends
 * to `where` a condition that `text_column` contains `term`, binding into
 * args.  SQLite: the FTS5 trigram table `fts_table` (rowid = `id_column`)
 * for terms of 3+ characters, LIKE on the column for 1-2 (trigrams cannot
 * find those); PostgreSQL: ILIKE, which the pg_trgm GIN index serves.
 * A 1-2 character term without an ASCII letter (Chinese) is a byte search
 * (instr / strpos), which is faster and means the same.
 * Matching ignores ASCII case on both.  term must not be empty.
 */
void store_text_contains(struct store *s, struct buf *where, struct store_args *args,
                         const char *fts_table, const char *id_column, const char *text_column,
                         const char *term, char **owned);
/* The same for any of n terms (a term or its synonyms): appends " AND (c1
 * OR c2 ...)", the i-th argument's text in owned[i] (caller frees each). */
void store_text_contains_any(struct store *s, struct buf *where, struct store_args *args,
                             const char *fts_table, const char *id_column, const char *text_column,
                             const char *const *terms, int n, char **owned);

/* Per-thread connection pool. */
void store_pool_init(const char *url);
/* This thread's connection, opened on first use; NULL when it cannot open. */
struct store *store_thread(void);
/* Number of open pooled connections (for /metrics). */
int store_pool_size(void);
/* Closes every pooled connection; call after all workers stopped. */
void store_pool_close(void);

#endif
