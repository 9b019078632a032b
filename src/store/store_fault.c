/*
 * A fault-injecting connection for tests (after SQLite's aSyscall[] and
 * Git's debug ref store): it forwards every call to the real connection it
 * wraps, except that, once armed with n, the nth operation that would
 * touch the database (prepare, step, exec, begin, commit) fails with
 * STORE_ERROR and the message "injected fault".  Then it disarms itself:
 * what the code does next (roll back, answer 500) runs for real.
 *
 * store.c keeps the transaction flag on the wrapper, the connection it is
 * given; the inner connection's flag stays 0 and is never read.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

struct fault_store {
	struct store base;
	struct store *inner;
	int countdown; /* 0: disarmed; else operations left before the fault */
	int faulted;   /* the last operation was the injected fault */
	int fired;     /* the armed fault fired */
};

struct fault_stmt {
	struct store_stmt base;
	struct store_stmt *inner;
};

#define FS(s)    ((struct fault_store *)(s))
#define INNER(s) (FS(s)->inner)
#define IST(st)  (((struct fault_stmt *)(st))->inner)

/* Counts one operation; returns 1 when this one must fail. */
static int fault_now(struct store *s)
{
	struct fault_store *f = FS(s);
	f->faulted = 0;
	if (f->countdown > 0 && --f->countdown == 0) {
		f->faulted = f->fired = 1;
		return 1;
	}
	return 0;
}

static int fl_prepare(struct store *s, const char *sql, struct store_stmt **out)
{
	if (fault_now(s))
		return STORE_ERROR;
	struct fault_stmt *st = calloc(1, sizeof(*st));
	if (!st)
		return STORE_ERROR;
	int rc = INNER(s)->ops->prepare(INNER(s), sql, &st->inner);
	if (rc != STORE_OK) {
		free(st);
		return rc;
	}
	st->base.db = s;
	*out = &st->base;
	return STORE_OK;
}

static int fl_bind_text(struct store_stmt *st, int i, const char *v)
{
	return IST(st)->db->ops->bind_text(IST(st), i, v);
}
static int fl_bind_int64(struct store_stmt *st, int i, int64_t v)
{
	return IST(st)->db->ops->bind_int64(IST(st), i, v);
}
static int fl_bind_double(struct store_stmt *st, int i, double v)
{
	return IST(st)->db->ops->bind_double(IST(st), i, v);
}
static int fl_bind_null(struct store_stmt *st, int i)
{
	return IST(st)->db->ops->bind_null(IST(st), i);
}
static int fl_step(struct store_stmt *st)
{
	if (fault_now(st->db))
		return STORE_ERROR;
	return IST(st)->db->ops->step(IST(st));
}
static int fl_column_count(struct store_stmt *st)
{
	return IST(st)->db->ops->column_count(IST(st));
}
static const char *fl_column_name(struct store_stmt *st, int col)
{
	return IST(st)->db->ops->column_name(IST(st), col);
}
static enum store_type fl_column_type(struct store_stmt *st, int col)
{
	return IST(st)->db->ops->column_type(IST(st), col);
}
static const char *fl_column_text(struct store_stmt *st, int col)
{
	return IST(st)->db->ops->column_text(IST(st), col);
}
static int64_t fl_column_int64(struct store_stmt *st, int col)
{
	return IST(st)->db->ops->column_int64(IST(st), col);
}
static double fl_column_double(struct store_stmt *st, int col)
{
	return IST(st)->db->ops->column_double(IST(st), col);
}
static void fl_finalize(struct store_stmt *st)
{
	IST(st)->db->ops->finalize(IST(st));
	free(st);
}

static int fl_exec(struct store *s, const char *sql)
{
	/* ROLLBACK is how a failure is cleaned up: never refuse it. */
	if (strcmp(sql, "ROLLBACK") && fault_now(s))
		return STORE_ERROR;
	return INNER(s)->ops->exec(INNER(s), sql);
}

static int fl_begin(struct store *s)
{
	if (fault_now(s))
		return STORE_ERROR;
	return INNER(s)->ops->begin(INNER(s));
}

static const char *fl_errmsg(struct store *s)
{
	return FS(s)->faulted ? "injected fault" : INNER(s)->ops->errmsg(INNER(s));
}

static void fl_close(struct store *s)
{
	store_close(INNER(s));
	free(s);
}

static const struct store_ops fault_ops = {
    .name = "fault",
    .prepare = fl_prepare,
    .bind_text = fl_bind_text,
    .bind_int64 = fl_bind_int64,
    .bind_double = fl_bind_double,
    .bind_null = fl_bind_null,
    .step = fl_step,
    .column_count = fl_column_count,
    .column_name = fl_column_name,
    .column_type = fl_column_type,
    .column_text = fl_column_text,
    .column_int64 = fl_column_int64,
    .column_double = fl_column_double,
    .finalize = fl_finalize,
    .exec = fl_exec,
    .begin = fl_begin,
    .errmsg = fl_errmsg,
    .close = fl_close,
};

struct store *store_fault_wrap(struct store *inner)
{
	struct fault_store *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->base.ops = &fault_ops;
	f->base.kind = inner->kind;
	f->inner = inner;
	return &f->base;
}

void store_fault_arm(struct store *s, int n)
{
	if (s && s->ops == &fault_ops) {
		FS(s)->countdown = n > 0 ? n : 0;
		FS(s)->faulted = FS(s)->fired = 0;
	}
}

int store_fault_disarm(struct store *s)
{
	if (!s || s->ops != &fault_ops)
		return 0;
	int fired = FS(s)->fired;
	FS(s)->countdown = FS(s)->faulted = FS(s)->fired = 0;
	return fired;
}
