/* What the cooperation services share; see coop.h. */
#include "domain/coop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"

enum coop_part coop_part_of(const struct actor *a, int64_t enterprise, int64_t college)
{
	if (a->role == ROLE_OPERATOR)
		return COOP_OPERATOR;
	if (a->role == ROLE_ENTERPRISE && a->org_id && a->org_id == enterprise)
		return COOP_ENTERPRISE;
	if (a->role == ROLE_COLLEGE && a->org_id && a->org_id == college)
		return COOP_COLLEGE;
	return COOP_NONE;
}

void coop_scope_sql(const struct actor *a, struct buf *where, struct store_args *args,
                    const char *enterprise_col, const char *college_col)
{
	if (a->role == ROLE_OPERATOR)
		return;
	if (a->role == ROLE_ENTERPRISE && a->org_id) {
		buf_addf(where, " AND %s = ?", enterprise_col);
		store_args_int(args, a->org_id);
	} else if (a->role == ROLE_COLLEGE && a->org_id) {
		buf_addf(where, " AND %s = ?", college_col);
		store_args_int(args, a->org_id);
	} else {
		buf_adds(where, " AND 1 = 0");
	}
}

int coop_org_check(struct store *db, int64_t id, const char *kind, const char *field,
                   struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = ? AND"
	                " status = 'active'",
	                "it", id, kind) != STORE_ROW)
		return derr_store(e, db, "coop org");
	if (!n)
		return derr_codef(e, DERR_INVALID, NULL, field, "%s不存在或尚未通过审核",
		                  !strcmp(kind, "college") ? "院校" : "企业");
	return 0;
}

int coop_actor_org_active(struct store *db, const struct actor *a, struct derr *e)
{
	const char *kind = a->role == ROLE_COLLEGE      ? "college"
	                   : a->role == ROLE_ENTERPRISE ? "enterprise"
	                                                : NULL;
	int64_t n = 0;
	if (!kind || !a->org_id)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有院校或企业的工作人员可以办理");
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = ? AND"
	                " status = 'active'",
	                "it", a->org_id, kind) != STORE_ROW)
		return derr_store(e, db, "coop actor org");
	if (!n)
		return derr_code(e, DERR_FORBIDDEN, "org_not_approved", NULL,
		                 "企业资质审核通过后才能开展校企合作");
	return 0;
}

int32_t coop_today(void)
{
	return date_today(now_seconds(), DATE_BEIJING);
}

void coop_today_text(char out[DATE_TEXT])
{
	date_format(coop_today(), out);
}

int coop_date(const char *text, const char *field, int32_t *days, struct derr *e)
{
	if (!text || date_parse(text, days))
		return derr_set(e, DERR_INVALID, field,
		                "日期格式应为 YYYY-MM-DD，且须是真实存在的日期");
	return 0;
}

static void decode_one(json_t *obj, const char *const *keys)
{
	for (const char *const *k = keys; json_is_object(obj) && *k; k++) {
		json_t *v = json_object_get(obj, *k);
		if (!json_is_string(v))
			continue;
		json_t *list = json_loads(json_string_value(v), JSON_DECODE_ANY, NULL);
		json_object_set_new(obj, *k, list ? list : json_array());
	}
}

void coop_decode(json_t *obj, const char *const *keys)
{
	size_t i;
	json_t *row;
	if (json_is_array(obj))
		json_array_foreach(obj, i, row) decode_one(row, keys);
	else
		decode_one(obj, keys);
}

char *coop_encode(const json_t *list)
{
	return list ? json_dumps(list, JSON_COMPACT) : strdup("[]");
}

int coop_changed(struct store *db, int rc, const char *field, const char *message, const char *what,
                 struct derr *e)
{
	if (rc == STORE_ROW)
		return 0;
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, field, message);
	}
	return derr_store(e, db, what);
}

int coop_rows(struct store *db, json_t *rows, json_t **out, const char *what, struct derr *e)
{
	*out = rows;
	return rows ? 0 : derr_store(e, db, what);
}

int coop_page(struct store *db, const char *select, const char *where, const char *order,
              struct store_args *args, int64_t page, int64_t page_size, json_t **out,
              struct derr *e)
{
	struct buf count = BUF_INIT, list = BUF_INIT;
	int64_t total = 0;
	json_t *items = NULL;
	*out = NULL;
	buf_addf(&count, "SELECT COUNT(*) FROM (%s%s) t", select, where);
	buf_addf(&list, "%s%s%s LIMIT ? OFFSET ?", select, where, order);
	int rc = buf_failed(&count) || buf_failed(&list)
	             ? derr_internal(e, "coop page: out of memory")
	         : store_int64_args(db, &total, count.data, args) != STORE_ROW
	             ? derr_store(e, db, "coop page count")
	             : 0;
	if (!rc) {
		store_args_int(args, page_size);
		store_args_int(args, (page - 1) * page_size);
		if (!(items = store_rows_args(db, list.data, args)))
			rc = derr_store(e, db, "coop page");
	}
	buf_release(&count);
	buf_release(&list);
	if (rc)
		return -1;
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)page, "page_size", (json_int_t)page_size);
	return *out ? 0 : derr_internal(e, "coop page: out of memory");
}

const char *coop_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

int coop_export(struct store *db, struct store_stmt *st, coop_rows_fn write, void *arg,
                const char *what, struct derr *e)
{
	int rc = st && !write(arg, st) ? 0 : derr_store(e, db, what);
	store_finalize(st);
	return rc;
}

int coop_export_sql(struct store *db, struct buf *sql, const struct store_args *args,
                    coop_rows_fn write, void *arg, const char *what, struct derr *e)
{
	struct store_stmt *st = buf_failed(sql) ? NULL : store_query_args(db, sql->data, args);
	buf_release(sql);
	return coop_export(db, st, write, arg, what, e);
}
