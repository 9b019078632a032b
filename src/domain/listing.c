#include "domain/listing.h"

#include "base/buf.h"
#include "domain/derr.h"

int listing_page(struct store *db, const char *count_sql, const char *list_sql,
                 struct store_args *args, int64_t page, int64_t size, json_t **items,
                 int64_t *total, const char *what, struct derr *e)
{
	*items = NULL;
	*total = 0;
	if (store_int64_args(db, total, count_sql, args) != STORE_ROW)
		return derr_store(e, db, what);
	store_args_int(args, size);
	store_args_int(args, (page - 1) * size);
	*items = store_rows_args(db, list_sql, args);
	return *items ? 0 : derr_store(e, db, what);
}

int listing_export(struct store *db, const char *sql, const struct store_args *args,
                   listing_rows_fn write, void *arg, const char *what, struct derr *e)
{
	struct store_stmt *st = store_query_args(db, sql, args);
	if (!st)
		return derr_store(e, db, what);
	int rc = write(arg, st);
	store_finalize(st);
	/* A row the store refused and a file that could not be written look
	 * the same from here: both are ours, not the client's. */
	return rc ? derr_store(e, db, what) : 0;
}

int listing_page_where(struct store *db, const char *from, const char *select, const char *where,
                       const char *order, struct store_args *args, int64_t page, int64_t size,
                       json_t **items, int64_t *total, const char *what, struct derr *e)
{
	struct buf count = BUF_INIT, list = BUF_INIT;
	buf_addf(&count, "SELECT COUNT(*) FROM %s%s", from, where);
	buf_addf(&list, "%s%s ORDER BY %s LIMIT ? OFFSET ?", select, where, order);
	*items = NULL;
	*total = 0;
	int rc =
	    buf_failed(&count) || buf_failed(&list)
	        ? derr_internal(e, what)
	        : listing_page(db, count.data, list.data, args, page, size, items, total, what, e);
	buf_release(&count);
	buf_release(&list);
	return rc;
}

int listing_export_where(struct store *db, const char *select, const char *where, const char *order,
                         const struct store_args *args, listing_rows_fn write, void *arg,
                         const char *what, struct derr *e)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "%s%s ORDER BY %s", select, where, order);
	int rc = buf_failed(&sql) ? derr_internal(e, what)
	                          : listing_export(db, sql.data, args, write, arg, what, e);
	buf_release(&sql);
	return rc;
}
