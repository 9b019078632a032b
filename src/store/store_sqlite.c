/*
 * The SQLite backend: WAL, foreign keys on, a busy timeout, and
 * synchronous=FULL so that a committed write survives a power cut.
 *
 * Reads go through a memory map of the database file (the kernel's page
 * cache, shared by every connection, instead of each connection copying
 * pages into its own cache), and each connection keeps its last
 * SQ_CACHE prepared statements: a request runs the same few dozen
 * statements every time, and preparing one costs more than running it
 * (see bench/search.sh).  A cached statement handed out is marked busy;
 * store_finalize() resets it and gives it back.  The same SQL asked for
 * while its statement is busy (a nested loop) gets a fresh one.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define SQ_CACHE 96

struct sq_stmt {
	struct store_stmt base;
	sqlite3_stmt *st;
	uint64_t hash, used; /* of its SQL; when last handed out */
	int cached, busy;
};

struct sq_store {
	struct store base;
	sqlite3 *db;
	int caching; /* 0 when SKYWAY_SQLITE_STMT_CACHE=0 (the bench's baseline) */
	uint64_t tick;
	size_t ncache;
	struct sq_stmt *cache[SQ_CACHE];
};

#define DB(s) (((struct sq_store *)(s))->db)
#define ST(s) (((struct sq_stmt *)(s))->st)

static int map_rc(sqlite3 *db, int rc)
{
	switch (rc & 0xff) { /* extended result codes are on */
	case SQLITE_OK:
		return STORE_OK;
	case SQLITE_ROW:
		return STORE_ROW;
	case SQLITE_DONE:
		return STORE_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_CONSTRAINT: {
		int ext = rc != SQLITE_CONSTRAINT ? rc : sqlite3_extended_errcode(db);
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_UNIQUE;
		/* A trigger standing for PostgreSQL's EXCLUDE constraint. */
		if (ext == SQLITE_CONSTRAINT_TRIGGER &&
		    !strncmp(sqlite3_errmsg(db), "exclusion:", 10))
			return STORE_EXCLUDED;
		return STORE_ERROR;
	}
	default:
		return STORE_ERROR;
	}
}

/* Finds a free cached statement of sql and marks it busy, or NULL. */
static struct sq_stmt *cache_take(struct sq_store *q, const char *sql, uint64_t hash)
{
	for (size_t i = 0; i < q->ncache; i++) {
		struct sq_stmt *c = q->cache[i];
		if (c->hash == hash && !c->busy && !strcmp(sqlite3_sql(c->st), sql)) {
			c->busy = 1;
			c->used = ++q->tick;
			return c;
		}
	}
	return NULL;
}

/* Keeps st in the cache when there is room or a free entry to evict (the
 * least recently used); else st stays uncached and is finalized after use. */
static void cache_keep(struct sq_store *q, struct sq_stmt *st)
{
	size_t slot = q->ncache;
	if (slot == SQ_CACHE) {
		for (size_t i = 0; i < SQ_CACHE; i++)
			if (!q->cache[i]->busy &&
			    (slot == SQ_CACHE || q->cache[i]->used < q->cache[slot]->used))
				slot = i;
		if (slot == SQ_CACHE)
			return;
		sqlite3_finalize(q->cache[slot]->st);
		free(q->cache[slot]);
	} else {
		q->ncache++;
	}
	st->cached = st->busy = 1;
	st->used = ++q->tick;
	q->cache[slot] = st;
}

static int sq_prepare(struct store *s, const char *sql, struct store_stmt **out)
{
	struct sq_store *q = (struct sq_store *)s;
	uint64_t hash = q->caching ? store_sql_hash(sql) : 0;
	struct sq_stmt *st = q->caching ? cache_take(q, sql, hash) : NULL;
	if (st) {
		*out = &st->base;
		return STORE_OK;
	}
	if (!(st = calloc(1, sizeof(*st))))
		return STORE_ERROR;
	/* PERSISTENT: a statement kept for the connection's life goes to
	 * SQLite's long-lived memory rather than its lookaside slots. */
	int rc = sqlite3_prepare_v3(DB(s), sql, -1, q->caching ? SQLITE_PREPARE_PERSISTENT : 0,
	                            &st->st, NULL);
	if (rc != SQLITE_OK) {
		free(st);
		return map_rc(DB(s), rc);
	}
	st->base.db = s;
	st->hash = hash;
	if (q->caching && st->st) /* a statement of only a comment compiles to NULL */
		cache_keep(q, st);
	*out = &st->base;
	return STORE_OK;
}

static int sq_bind_text(struct store_stmt *st, int i, const char *v)
{
	return map_rc(DB(st->db), sqlite3_bind_text(ST(st), i, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_int64(struct store_stmt *st, int i, int64_t v)
{
	return map_rc(DB(st->db), sqlite3_bind_int64(ST(st), i, v));
}

static int sq_bind_double(struct store_stmt *st, int i, double v)
{
	return map_rc(DB(st->db), sqlite3_bind_double(ST(st), i, v));
}

static int sq_bind_null(struct store_stmt *st, int i)
{
	return map_rc(DB(st->db), sqlite3_bind_null(ST(st), i));
}

static int sq_step(struct store_stmt *st)
{
	return map_rc(DB(st->db), sqlite3_step(ST(st)));
}

static int sq_column_count(struct store_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

static const char *sq_column_name(struct store_stmt *st, int c)
{
	return sqlite3_column_name(ST(st), c);
}

static enum store_type sq_column_type(struct store_stmt *st, int c)
{
	switch (sqlite3_column_type(ST(st), c)) {
	case SQLITE_INTEGER:
		return STORE_T_INT;
	case SQLITE_FLOAT:
		return STORE_T_REAL;
	case SQLITE_NULL:
		return STORE_T_NULL;
	default:
		return STORE_T_TEXT;
	}
}

static const char *sq_column_text(struct store_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(ST(st), c);
}

static int64_t sq_column_int64(struct store_stmt *st, int c)
{
	return sqlite3_column_int64(ST(st), c);
}

static double sq_column_double(struct store_stmt *st, int c)
{
	return sqlite3_column_double(ST(st), c);
}

static void sq_finalize(struct store_stmt *stmt)
{
	struct sq_stmt *st = (struct sq_stmt *)stmt;
	if (st->cached) {
		sqlite3_reset(st->st); /* ends its read; its error was seen at step */
		sqlite3_clear_bindings(st->st);
		st->busy = 0;
		return;
	}
	sqlite3_finalize(st->st);
	free(st);
}

static int sq_exec(struct store *s, const char *sql)
{
	return map_rc(DB(s), sqlite3_exec(DB(s), sql, NULL, NULL, NULL));
}

/* IMMEDIATE takes the write lock up front, so two writers never
 * deadlock upgrading read locks; the busy timeout makes them queue. */
static int sq_begin(struct store *s)
{
	return sq_exec(s, "BEGIN IMMEDIATE");
}

static const char *sq_errmsg(struct store *s)
{
	return sqlite3_errmsg(DB(s));
}

static void sq_close(struct store *s)
{
	struct sq_store *q = (struct sq_store *)s;
	for (size_t i = 0; i < q->ncache; i++) {
		sqlite3_finalize(q->cache[i]->st);
		free(q->cache[i]);
	}
	/* Statistics for the planner where queries showed they would help. */
	sqlite3_exec(q->db, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close_v2(q->db);
	free(q);
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_name = sq_column_name,
    .column_type = sq_column_type,
    .column_text = sq_column_text,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .finalize = sq_finalize,
    .exec = sq_exec,
    .begin = sq_begin,
    .errmsg = sq_errmsg,
    .close = sq_close,
};

/* Maps the whole database file and room for it to double, at least 1 GiB
 * (address space only: pages are shared with the kernel's cache, so 32
 * connections cost no more memory than one).  SQLite caps the size at its
 * compile-time SQLITE_MAX_MMAP_SIZE. */
static int set_mmap(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t bytes = 0;
	if (sqlite3_prepare_v2(db,
	                       "SELECT page_count * page_size FROM pragma_page_count(),"
	                       " pragma_page_size()",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		bytes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	int64_t size = bytes * 2 > ((int64_t)1 << 30) ? bytes * 2 : (int64_t)1 << 30;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA mmap_size=%lld", (long long)size);
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_sqlite_open(const char *path, struct store **out, char *err, size_t errlen)
{
	struct sq_store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = sqlite3_open_v2(
	    path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open SQLite database '%s': %s", path,
		         s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close_v2(s->db);
		free(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	s->base.ops = &sqlite_ops;
	s->base.kind = STORE_SQLITE;
	const char *setup = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
	                    " PRAGMA synchronous=FULL; PRAGMA cache_size=-8192;";
	const char *cache = getenv("SKYWAY_SQLITE_STMT_CACHE");
	s->caching = !(cache && !strcmp(cache, "0"));
	if (sqlite3_exec(s->db, setup, NULL, NULL, NULL) != SQLITE_OK || set_mmap(s->db)) {
		snprintf(err, errlen, "cannot set up SQLite database '%s': %s", path,
		         sqlite3_errmsg(s->db));
		sq_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}
