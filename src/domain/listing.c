#include "domain/listing.h"

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
	return rc ? derr_store(e, db, what) : 0;
}
