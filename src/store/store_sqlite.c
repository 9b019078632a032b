/*
 * The SQLite backend: WAL, foreign keys on, a busy timeout, and
 * synchronous=FULL so that a committed write survives a power cut.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

struct sq_store {
	struct store base;
	sqlite3 *db;
};

struct sq_stmt {
	struct store_stmt base;
	sqlite3_stmt *st;
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

static int sq_prepare(struct store *s, const char *sql, struct store_stmt **out)
{
	struct sq_stmt *st = calloc(1, sizeof(*st));
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_prepare_v2(DB(s), sql, -1, &st->st, NULL);
	if (rc != SQLITE_OK) {
		free(st);
		return map_rc(DB(s), rc);
	}
	st->base.db = s;
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

static void sq_finalize(struct store_stmt *st)
{
	sqlite3_finalize(ST(st));
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
	sqlite3_close_v2(DB(s));
	free(s);
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
	                    " PRAGMA synchronous=FULL;";
	if (sqlite3_exec(s->db, setup, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up SQLite database '%s': %s", path,
		         sqlite3_errmsg(s->db));
		sq_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}
