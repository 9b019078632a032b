/* Helpers the incubator services share; see incubator_internal.h. */
#include <stdio.h>
#include <string.h>

#include "domain/incubator_internal.h"

#include "base/buf.h"

int incubator_settings_load(struct store *db, struct incubator_settings *s, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT report_due_day, remind_days, mentor_per_projects, grad_rule = 'all',"
	    " grad_min_months, grad_min_revenue, grad_min_financing, plan_max_bytes"
	    " FROM incubator_settings WHERE id = 1",
	    "");
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW)
		*s = (struct incubator_settings){
		    .report_due_day = (int)store_column_int64(st, 0),
		    .remind_days = (int)store_column_int64(st, 1),
		    .mentor_per_projects = (int)store_column_int64(st, 2),
		    .grad_all = (int)store_column_int64(st, 3),
		    .grad_min_months = (int)store_column_int64(st, 4),
		    .grad_min_revenue = store_column_int64(st, 5),
		    .grad_min_financing = store_column_int64(st, 6),
		    .plan_max_bytes = store_column_int64(st, 7),
		};
	store_finalize(st);
	return rc == STORE_ROW ? 0 : derr_store(e, db, "incubator settings");
}

void incubator_iso(json_t *row, const char *key, const char *iso_key)
{
	json_t *v = json_object_get(row, key);
	char iso[INCUBATOR_TIME_MAX];
	if (!json_is_integer(v))
		return;
	incubator_time_format(json_integer_value(v), iso);
	json_object_set_new(row, iso_key, json_string(iso));
}

void incubator_decode(json_t *row, const char *key)
{
	const char *text = json_string_value(json_object_get(row, key));
	json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
	if (v)
		json_object_set_new(row, key, v);
}

void incubator_label_of(json_t *row, const char *key)
{
	char k[64];
	const char *v = json_string_value(json_object_get(row, key));
	if (!v)
		return;
	snprintf(k, sizeof(k), "%s_label", key);
	json_object_set_new(row, k, json_string(incubator_label(v)));
}

int incubator_rows(struct store *db, const char *sql, const struct store_args *args, json_t **items,
                   const char *what, struct derr *e)
{
	*items = store_rows_args(db, sql, args);
	return *items ? 0 : derr_store(e, db, what);
}

int incubator_begin(struct store *db, struct derr *e)
{
	return store_begin(db) == STORE_OK ? 0 : derr_store(e, db, "begin");
}

int incubator_fail(struct store *db)
{
	store_rollback(db);
	return -1;
}

int incubator_lock(struct store *db, const char *table, int64_t id, const char *missing,
                   struct derr *e)
{
	char sql[128];
	int64_t got = 0;
	snprintf(sql, sizeof(sql),
	         "UPDATE %s SET updated_at = updated_at WHERE id = ? RETURNING id", table);
	int rc = store_int64(db, &got, sql, "i", id);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, missing);
	return rc == STORE_ROW ? 0 : derr_store(e, db, table);
}

void incubator_account_name(struct store *db, int64_t id, char *out, size_t n)
{
	json_t *r = store_row(db, "SELECT display_name FROM accounts WHERE id = ?", "i", id);
	const char *name = json_string_value(json_object_get(r, "display_name"));
	snprintf(out, n, "%s", name ? name : "");
	json_decref(r);
}

int incubator_exists(struct store *db, const char *count_sql, int64_t id, const char *field,
                     const char *message, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n, count_sql, "i", id) != STORE_ROW)
		return derr_store(e, db, field);
	return n ? 0 : derr_set(e, DERR_INVALID, field, message);
}

void incubator_where(struct buf *sql, struct store_args *args, const struct incubator_cond *c,
                     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (c[i].text) {
			buf_adds(sql, c[i].sql);
			store_args_text(args, c[i].text);
		} else if (c[i].id) {
			buf_adds(sql, c[i].sql);
			store_args_int(args, c[i].id);
		}
	}
}

int incubator_list_run(struct store *db, struct buf *sql, const struct store_args *args,
                       const char *order, void (*shape)(json_t *), json_t **items, const char *what,
                       struct derr *e)
{
	buf_addf(sql, " ORDER BY %s LIMIT %d", order, INCUBATOR_LIST_MAX);
	int rc = buf_failed(sql) ? derr_internal(e, "list: out of memory")
	                         : incubator_rows(db, sql->data, args, items, what, e);
	buf_release(sql);
	if (rc || !shape)
		return rc;
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) shape(row);
	return 0;
}
