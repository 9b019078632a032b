/*
 * The PostgreSQL backend over libpq.  Statements are run in text format
 * when first stepped; '?' placeholders are rewritten to $1..$n outside
 * quoted strings and identifiers.
 *
 * Each connection keeps its last PG_CACHE statements prepared on the
 * server under a name (PQprepare once, PQexecPrepared after): parsing and
 * analysing a statement cost more than running the small ones a request
 * makes.  SKYWAY_PG_STMT_CACHE=0 turns this off (the bench's baseline:
 * PQexecParams, an unnamed statement parsed every time).
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* PostgreSQL's own limit on parameters of one statement. */
#define PG_MAX_PARAMS 65535

#define PG_CACHE 128

/* A statement prepared on the server under name, for its SQL text. */
struct pg_named {
	char *sql;
	uint64_t hash, used; /* of sql; when last run */
	char name[24];
};

struct pg_store {
	struct store base;
	PGconn *conn;
	char err[512];
	int caching;
	uint64_t tick, serial; /* names are never reused: "sk<serial>" */
	size_t ncache;
	struct pg_named cache[PG_CACHE];
};

struct pg_stmt {
	struct store_stmt base;
	char *sql;
	int nparams;
	char **values;
	PGresult *res;
	int row, nrows, executed;
	char ibuf[32]; /* column_int64 of a bool */
};

#define PGS(s) ((struct pg_store *)(s))
#define PST(s) ((struct pg_stmt *)(s))

static void set_err(struct pg_store *s, const char *msg)
{
	snprintf(s->err, sizeof(s->err), "%s", msg ? msg : "unknown error");
	size_t n = strlen(s->err);
	while (n && (s->err[n - 1] == '\n' || s->err[n - 1] == ' '))
		s->err[--n] = '\0';
}

/* Rewrites '?' to $n; returns malloc'd SQL and the count in *n. */
static char *rewrite_placeholders(const char *sql, int *n)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1), *o = out;
	char quote = 0;
	*n = 0;
	if (!out)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			o += sprintf(o, "$%d", ++*n);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static int pg_prepare(struct store *s, const char *sql, struct store_stmt **out)
{
	struct pg_stmt *st = calloc(1, sizeof(*st));
	if (!st)
		return STORE_ERROR;
	st->sql = rewrite_placeholders(sql, &st->nparams);
	if (st->sql && st->nparams <= PG_MAX_PARAMS)
		st->values = calloc((size_t)st->nparams + 1, sizeof(char *));
	if (!st->sql || !st->values) {
		set_err(PGS(s), "too many parameters");
		free(st->sql);
		free(st);
		return STORE_ERROR;
	}
	st->base.db = s;
	*out = &st->base;
	return STORE_OK;
}

static int set_param(struct store_stmt *st, int i, char *v)
{
	if (i < 1 || i > PST(st)->nparams) {
		free(v);
		set_err(PGS(st->db), "bind index out of range");
		return STORE_ERROR;
	}
	free(PST(st)->values[i - 1]);
	PST(st)->values[i - 1] = v;
	return STORE_OK;
}

static int pg_bind_text(struct store_stmt *st, int i, const char *v)
{
	char *c = strdup(v);
	return c ? set_param(st, i, c) : STORE_ERROR;
}

static int pg_bind_int64(struct store_stmt *st, int i, int64_t v)
{
	char *c = malloc(24);
	if (!c)
		return STORE_ERROR;
	snprintf(c, 24, "%lld", (long long)v);
	return set_param(st, i, c);
}

static int pg_bind_double(struct store_stmt *st, int i, double v)
{
	char *c = malloc(40);
	if (!c)
		return STORE_ERROR;
	snprintf(c, 40, "%.17g", v);
	return set_param(st, i, c);
}

static int pg_bind_null(struct store_stmt *st, int i)
{
	return set_param(st, i, NULL);
}

/* Drops cache entry i, deallocating its statement on the server when the
 * session can still run commands (in a failed transaction it cannot: the
 * statement then stays there unused, its name never given again). */
static void named_drop(struct pg_store *s, size_t i)
{
	struct pg_named *n = &s->cache[i];
	if (PQtransactionStatus(s->conn) != PQTRANS_INERROR) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", n->name);
		PQclear(PQexec(s->conn, sql));
	}
	free(n->sql);
	s->cache[i] = s->cache[--s->ncache];
}

/* Runs st: through its named statement, prepared now when the cache does
 * not have it, or (cache off, or out of memory) as an unnamed one.
 * Returns libpq's result (NULL when out of memory); a failed PQprepare's
 * result is returned as the statement's. */
static PGresult *run(struct pg_store *s, struct pg_stmt *st)
{
	const char *const *values = (const char *const *)st->values;
	if (!s->caching)
		return PQexecParams(s->conn, st->sql, st->nparams, NULL, values, NULL, NULL, 0);
	uint64_t hash = store_sql_hash(st->sql);
	for (size_t i = 0; i < s->ncache; i++) {
		struct pg_named *n = &s->cache[i];
		if (n->hash == hash && !strcmp(n->sql, st->sql)) {
			n->used = ++s->tick;
			return PQexecPrepared(s->conn, n->name, st->nparams, values, NULL, NULL, 0);
		}
	}
	if (s->ncache == PG_CACHE) {
		size_t lru = 0;
		for (size_t i = 1; i < s->ncache; i++)
			if (s->cache[i].used < s->cache[lru].used)
				lru = i;
		named_drop(s, lru);
	}
	struct pg_named *n = &s->cache[s->ncache];
	if (!(n->sql = strdup(st->sql)))
		return PQexecParams(s->conn, st->sql, st->nparams, NULL, values, NULL, NULL, 0);
	snprintf(n->name, sizeof(n->name), "sk%llu", (unsigned long long)++s->serial);
	PGresult *r = PQprepare(s->conn, n->name, st->sql, st->nparams, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		free(n->sql);
		return r;
	}
	PQclear(r);
	n->hash = hash;
	n->used = ++s->tick;
	s->ncache++;
	return PQexecPrepared(s->conn, n->name, st->nparams, values, NULL, NULL, 0);
}

/* After a schema change the server refuses a prepared statement whose
 * result columns changed (SQLSTATE 0A000, "cached plan must not change
 * result type"): outside a transaction the cache is emptied and st run
 * once more; inside one the error stands (the transaction failed). */
static PGresult *run_fresh(struct pg_store *s, struct pg_stmt *st)
{
	PGresult *r = run(s, st);
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && !strcmp(state, "0A000") && PQtransactionStatus(s->conn) == PQTRANS_IDLE) {
		PQclear(r);
		while (s->ncache)
			named_drop(s, s->ncache - 1);
		r = run(s, st);
	}
	return r;
}

static int pg_step(struct store_stmt *sst)
{
	struct pg_stmt *st = PST(sst);
	struct pg_store *s = PGS(sst->db);

	if (!st->executed) {
		st->executed = 1;
		st->res = run_fresh(s, st);
		ExecStatusType es = PQresultStatus(st->res);
		if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
			/* Classify before PQclear: the field points into the result. */
			const char *state = PQresultErrorField(st->res, PG_DIAG_SQLSTATE);
			int rc = STORE_ERROR;
			if (state && !strcmp(state, "23505"))
				rc = STORE_UNIQUE;
			else if (state && !strcmp(state, "23P01"))
				rc = STORE_EXCLUDED;
			else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
				rc = STORE_BUSY;
			set_err(s, PQresultErrorMessage(st->res));
			PQclear(st->res);
			st->res = NULL;
			st->nrows = 0;
			return rc;
		}
		st->nrows = PQntuples(st->res);
		st->row = -1;
	}
	if (st->res && st->row + 1 < st->nrows) {
		st->row++;
		return STORE_ROW;
	}
	return STORE_DONE;
}

static int pg_column_count(struct store_stmt *st)
{
	return PST(st)->res ? PQnfields(PST(st)->res) : 0;
}

static const char *pg_column_name(struct store_stmt *st, int c)
{
	return PQfname(PST(st)->res, c);
}

/* Type OIDs from pg_type.h, which libpq-dev does not ship. */
enum {
	OID_BOOL = 16,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

static enum store_type pg_column_type(struct store_stmt *sst, int c)
{
	struct pg_stmt *st = PST(sst);
	if (PQgetisnull(st->res, st->row, c))
		return STORE_T_NULL;
	switch (PQftype(st->res, c)) {
	case OID_BOOL:
	case OID_INT8:
	case OID_INT2:
	case OID_INT4:
		return STORE_T_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return STORE_T_REAL;
	default:
		return STORE_T_TEXT;
	}
}

static const char *pg_column_text(struct store_stmt *sst, int c)
{
	struct pg_stmt *st = PST(sst);
	if (PQgetisnull(st->res, st->row, c))
		return NULL;
	return PQgetvalue(st->res, st->row, c);
}

static int64_t pg_column_int64(struct store_stmt *sst, int c)
{
	const char *v = pg_column_text(sst, c);
	if (!v)
		return 0;
	if (PQftype(PST(sst)->res, c) == OID_BOOL)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static double pg_column_double(struct store_stmt *sst, int c)
{
	const char *v = pg_column_text(sst, c);
	return v ? strtod(v, NULL) : 0.0;
}

static void pg_finalize(struct store_stmt *sst)
{
	struct pg_stmt *st = PST(sst);
	for (int i = 0; i < st->nparams; i++)
		free(st->values[i]);
	PQclear(st->res);
	free(st->values);
	free(st->sql);
	free(st);
}

static int pg_exec(struct store *ss, const char *sql)
{
	struct pg_store *s = PGS(ss);
	PGresult *r = PQexec(s->conn, sql);
	ExecStatusType es = PQresultStatus(r);
	int rc = STORE_OK;
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		set_err(s, PQresultErrorMessage(r));
		rc = state && !strcmp(state, "23505") ? STORE_UNIQUE : STORE_ERROR;
	}
	PQclear(r);
	return rc;
}

static int pg_begin(struct store *s)
{
	return pg_exec(s, "BEGIN");
}

static const char *pg_errmsg(struct store *s)
{
	return PGS(s)->err;
}

static void pg_close(struct store *s)
{
	for (size_t i = 0; i < PGS(s)->ncache; i++)
		free(PGS(s)->cache[i].sql); /* the server forgets them with the session */
	PQfinish(PGS(s)->conn);
	free(s);
}

static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static const struct store_ops pg_ops = {
    .name = "postgres",
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_type = pg_column_type,
    .column_text = pg_column_text,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .finalize = pg_finalize,
    .exec = pg_exec,
    .begin = pg_begin,
    .errmsg = pg_errmsg,
    .close = pg_close,
};

int store_pg_open(const char *conninfo, struct store **out, char *err, size_t errlen)
{
	struct pg_store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->conn = PQconnectdb(conninfo);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(s->conn));
		PQfinish(s->conn);
		free(s);
		return -1;
	}
	PQsetNoticeProcessor(s->conn, quiet_notice, NULL);
	s->base.ops = &pg_ops;
	s->base.kind = STORE_POSTGRES;
	const char *cache = getenv("SKYWAY_PG_STMT_CACHE");
	s->caching = !(cache && !strcmp(cache, "0"));
	if (pg_exec(&s->base, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'") != STORE_OK) {
		snprintf(err, errlen, "cannot set up PostgreSQL session: %s", s->err);
		pg_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}
