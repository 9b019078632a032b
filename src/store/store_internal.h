/*
 * The storage vtable, private to src/store/ (as Git keeps struct
 * ref_storage_be in refs/refs-internal.h): callers see only store.h.
 *
 * A backend's connection starts with struct store and its statement with
 * struct store_stmt; store.c dispatches through ops.  A third
 * implementation, store_fault.c, wraps another connection for tests.
 */
#ifndef SKYWAY_STORE_STORE_INTERNAL_H
#define SKYWAY_STORE_STORE_INTERNAL_H

#include "store/store.h"

struct store_stmt {
	struct store *db;
};

struct store_ops {
	const char *name;
	int (*prepare)(struct store *, const char *sql, struct store_stmt **out);
	int (*bind_text)(struct store_stmt *, int idx, const char *s);
	int (*bind_int64)(struct store_stmt *, int idx, int64_t v);
	int (*bind_double)(struct store_stmt *, int idx, double v);
	int (*bind_null)(struct store_stmt *, int idx);
	int (*step)(struct store_stmt *);
	int (*column_count)(struct store_stmt *);
	const char *(*column_name)(struct store_stmt *, int col);
	enum store_type (*column_type)(struct store_stmt *, int col);
	const char *(*column_text)(struct store_stmt *, int col);
	int64_t (*column_int64)(struct store_stmt *, int col);
	double (*column_double)(struct store_stmt *, int col);
	void (*finalize)(struct store_stmt *);
	int (*exec)(struct store *, const char *sql);
	int (*begin)(struct store *);
	const char *(*errmsg)(struct store *);
	void (*close)(struct store *);
};

struct store {
	const struct store_ops *ops;
	enum store_kind kind;
	int in_tx;
};

/* FNV-1a of an SQL text: how the backends' statement caches find one. */
static inline uint64_t store_sql_hash(const char *sql)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h;
}

/* Backend openers, used by store_open(). */
int store_sqlite_open(const char *path, struct store **out, char *err, size_t errlen);
int store_pg_open(const char *conninfo, struct store **out, char *err, size_t errlen);
/* Wraps inner (taking it over) in a fault-injecting connection. */
struct store *store_fault_wrap(struct store *inner);

#endif
