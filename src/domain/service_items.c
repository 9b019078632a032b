/*
 * Departments (部门), their officers and heads, and the service items (事项)
 * with their limits and materials.  Officers write; operators read; the
 * applicants read the active items (to apply for one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/service.h"
#include "domain/service_internal.h"

int service_departments(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	if (svc_need_staff(a, e))
		return -1;
	*items = store_rows(db,
	                    "SELECT d.id, d.name, (SELECT COUNT(*) FROM service_items i WHERE"
	                    " i.department_id = d.id AND i.status = 'active') AS items"
	                    " FROM service_departments d ORDER BY d.id",
	                    "");
	json_t *members = store_rows(db,
	                             "SELECT m.department_id, m.account_id, m.is_head, a.login,"
	                             " a.display_name FROM service_department_members m"
	                             " JOIN accounts a ON a.id = m.account_id"
	                             " ORDER BY m.is_head DESC, a.display_name",
	                             "");
	if (!*items || !members) {
		json_decref(*items);
		json_decref(members);
		*items = NULL;
		return derr_store(e, db, "departments");
	}
	size_t i, k;
	json_t *d, *m;
	json_array_foreach(*items, i, d)
	{
		json_t *mine = json_array();
		json_array_foreach(members, k,
		                   m) if (svc_int(m, "department_id") == svc_int(d, "id"))
		{
			json_t *one = json_deep_copy(m);
			json_object_del(one, "department_id");
			static const char *const b[] = {"is_head", NULL};
			svc_booleans(one, b);
			json_array_append_new(mine, one);
		}
		json_object_set_new(d, "members", mine);
	}
	json_decref(members);
	return 0;
}

int service_department_save(struct store *db, const struct actor *a, int64_t id, const char *name,
                            json_t *members, int64_t *out_id, struct derr *e)
{
	size_t i;
	json_t *m;
	if (svc_need_officer(a, e))
		return -1;
	if (!id && !name)
		return derr_set(e, DERR_INVALID, "name", "请填写部门名称");
	json_array_foreach(members, i, m)
	{
		if (!json_is_object(m) || !json_is_integer(json_object_get(m, "account_id")))
			return derr_set(e, DERR_INVALID, "members",
			                "成员应为 {account_id, is_head} 的列表");
		if (!svc_is_officer_account(db, svc_int(m, "account_id")))
			return derr_setf(e, DERR_INVALID, "members", "账号 %lld 不是在用的政务人员",
			                 (long long)svc_int(m, "account_id"));
	}
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "department: begin");
	int rc;
	if (id) {
		int64_t have = 0;
		if (store_int64(db, &have, "SELECT COUNT(*) FROM service_departments WHERE id = ?",
		                "i", id) != STORE_ROW)
			return derr_store(e, db, "department: find");
		if (!have) {
			store_rollback(db);
			return derr_set(e, DERR_NOT_FOUND, NULL, "部门不存在");
		}
		rc = name ? store_run(db, "UPDATE service_departments SET name = ? WHERE id = ?",
		                      "ti", name, id)
		          : STORE_OK;
	} else {
		rc = store_int64(db, &id,
		                 "INSERT INTO service_departments (name, created_at) VALUES (?, ?)"
		                 " RETURNING id",
		                 "ti", name, now_seconds());
		rc = rc == STORE_ROW ? STORE_OK : rc;
	}
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "name", "已有同名部门");
	}
	if (rc)
		return derr_store(e, db, "department: write");
	if (members) {
		if (store_run(db, "DELETE FROM service_department_members WHERE department_id = ?",
		              "i", id))
			return derr_store(e, db, "department: members");
		json_array_foreach(members, i, m)
		{
			int r = store_run(db,
			                  "INSERT INTO service_department_members (department_id,"
			                  " account_id, is_head) VALUES (?, ?, ?)",
			                  "iii", id, svc_int(m, "account_id"),
			                  (int64_t)json_is_true(json_object_get(m, "is_head")));
			if (r == STORE_UNIQUE) {
				store_rollback(db);
				return derr_set(e, DERR_INVALID, "members", "同一人只能列出一次");
			}
			if (r)
				return derr_store(e, db, "department: member");
		}
	}
	if (audit_write(db, a, "service.department_save", "service_department", id, name, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "department: commit");
	*out_id = id;
	return 0;
}

int service_officers(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	if (svc_need_staff(a, e))
		return -1;
	*items = store_rows(db,
	                    "SELECT id, login, display_name FROM accounts WHERE role = 'officer'"
	                    " AND status = 'active' ORDER BY display_name, id",
	                    "");
	json_t *deps = store_rows(db,
	                          "SELECT m.account_id, d.id, d.name, m.is_head FROM"
	                          " service_department_members m JOIN service_departments d ON"
	                          " d.id = m.department_id ORDER BY d.id",
	                          "");
	if (!*items || !deps) {
		json_decref(*items);
		json_decref(deps);
		*items = NULL;
		return derr_store(e, db, "officers");
	}
	size_t i, k;
	json_t *o, *d;
	json_array_foreach(*items, i, o)
	{
		json_t *mine = json_array();
		json_array_foreach(deps, k, d) if (svc_int(d, "account_id") == svc_int(o, "id"))
		    json_array_append_new(mine, json_pack("{s:I, s:s, s:b}", "id", svc_int(d, "id"),
		                                          "name", svc_str(d, "name"), "is_head",
		                                          (int)svc_int(d, "is_head")));
		json_object_set_new(o, "departments", mine);
	}
	json_decref(deps);
	return 0;
}

/* ---- items ---- */

#define ITEM_SELECT                                                                                \
	"SELECT i.id, i.code, i.name, i.department_id, d.name AS department_name,"                 \
	" i.statutory_days, i.committed_days, i.no_application, i.description, i.status,"          \
	" (SELECT COUNT(*) FROM service_item_materials m WHERE m.item_id = i.id AND"               \
	" m.retired = 0) AS materials,"                                                            \
	" (SELECT COUNT(*) FROM service_cases c WHERE c.item_id = i.id AND c.status IN"            \
	" ('received', 'correcting', 'accepted', 'paused')) AS open_cases"                         \
	" FROM service_items i JOIN service_departments d ON d.id = i.department_id"

static void shape_item(json_t *row)
{
	static const char *const b[] = {"no_application", NULL};
	svc_booleans(row, b);
	json_object_set_new(row, "department",
	                    json_pack("{s:I, s:s}", "id", svc_int(row, "department_id"), "name",
	                              svc_str(row, "department_name")));
	json_object_del(row, "department_id");
	json_object_del(row, "department_name");
}

int service_items(struct store *db, const struct actor *a, const char *q, int64_t department_id,
                  const char *status, json_t **items, struct derr *e)
{
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	char *like = q ? store_like_contains(q) : NULL;
	buf_adds(&sql, ITEM_SELECT " WHERE 1 = 1");
	/* Applicants see the active items only. */
	if (!svc_staff(a) || !status || strcmp(status, "all")) {
		buf_adds(&sql, " AND i.status = ?");
		store_args_text(&args, svc_staff(a) && status ? status : "active");
	}
	if (department_id) {
		buf_adds(&sql, " AND i.department_id = ?");
		store_args_int(&args, department_id);
	}
	if (like) {
		buf_adds(&sql, " AND (i.name LIKE ? ESCAPE '\\' OR i.code LIKE ? ESCAPE '\\')");
		store_args_text(&args, like);
		store_args_text(&args, like);
	}
	buf_adds(&sql, " ORDER BY i.code");
	*items = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	free(like);
	if (!*items)
		return derr_store(e, db, "items");
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) shape_item(row);
	return 0;
}

int service_item(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	json_t *row = store_row(db, ITEM_SELECT " WHERE i.id = ?", "i", id);
	if (!row)
		return derr_store(e, db, "item");
	if (json_is_null(row) || (!svc_staff(a) && strcmp(svc_str(row, "status"), "active"))) {
		json_decref(row);
		return derr_set(e, DERR_NOT_FOUND, NULL, "事项不存在");
	}
	shape_item(row);
	json_t *materials = store_rows(db,
	                               "SELECT id, name, required, tolerable FROM"
	                               " service_item_materials WHERE item_id = ? AND retired = 0"
	                               " ORDER BY position, id",
	                               "i", id);
	json_t *deps = store_rows(db,
	                          "SELECT d.id, d.name FROM service_item_departments x JOIN"
	                          " service_departments d ON d.id = x.department_id WHERE"
	                          " x.item_id = ? ORDER BY d.id",
	                          "i", id);
	if (!materials || !deps) {
		json_decref(row);
		json_decref(materials);
		json_decref(deps);
		return derr_store(e, db, "item: details");
	}
	size_t i;
	json_t *m;
	static const char *const b[] = {"required", "tolerable", NULL};
	json_array_foreach(materials, i, m) svc_booleans(m, b);
	json_object_set_new(row, "materials", materials);
	json_object_set_new(row, "departments", deps);
	*out = row;
	return 0;
}

/* Checks the materials of an item input: [{id?, name, required, tolerable}]. */
static int check_materials(json_t *materials, struct derr *e)
{
	size_t i;
	json_t *m;
	if (json_array_size(materials) > 40)
		return derr_set(e, DERR_INVALID, "materials", "材料最多 40 项");
	json_array_foreach(materials, i, m)
	{
		const char *name = json_string_value(json_object_get(m, "name"));
		json_t *id = json_object_get(m, "id");
		if (!json_is_object(m) || !name || !*name || strlen(name) > 300 ||
		    (id && !json_is_integer(id)))
			return derr_setf(e, DERR_INVALID, "materials",
			                 "第 %zu 项材料应有名称（不超过 100 字）", i + 1);
		if (json_is_true(json_object_get(m, "tolerable")) &&
		    json_is_false(json_object_get(m, "required")))
			return derr_setf(e, DERR_INVALID, "materials",
			                 "第 %zu 项材料不是必交材料，无需标为可容缺", i + 1);
	}
	return 0;
}

/* Writes the materials of item id (replacing the list; see service.h). */
static int write_materials(struct store *db, int64_t id, json_t *materials, struct derr *e)
{
	size_t i;
	json_t *m;
	if (store_run(db, "UPDATE service_item_materials SET retired = 1 WHERE item_id = ?", "i",
	              id))
		return derr_store(e, db, "item: retire materials");
	json_array_foreach(materials, i, m)
	{
		int64_t mid = svc_int(m, "id");
		int64_t required = !json_is_false(json_object_get(m, "required"));
		int64_t tolerable = json_is_true(json_object_get(m, "tolerable"));
		const char *name = svc_str(m, "name");
		if (mid) {
			int64_t n = 0;
			if (store_int64(
			        db, &n,
			        "SELECT COUNT(*) FROM service_item_materials WHERE id = ? AND"
			        " item_id = ?",
			        "ii", mid, id) != STORE_ROW)
				return derr_store(e, db, "item: material");
			if (!n) {
				store_rollback(db);
				return derr_setf(e, DERR_INVALID, "materials",
				                 "第 %zu 项材料的 id 不属于这个事项", i + 1);
			}
			if (store_run(db,
			              "UPDATE service_item_materials SET name = ?, required = ?,"
			              " tolerable = ?, position = ?, retired = 0 WHERE id = ?",
			              "tiiii", name, required, tolerable, (int64_t)i, mid))
				return derr_store(e, db, "item: material");
		} else if (store_run(db,
		                     "INSERT INTO service_item_materials (item_id, name, required,"
		                     " tolerable, position) VALUES (?, ?, ?, ?, ?)",
		                     "itiii", id, name, required, tolerable, (int64_t)i)) {
			return derr_store(e, db, "item: material");
		}
	}
	return 0;
}

static int department_exists(struct store *db, int64_t id)
{
	int64_t n = 0;
	return store_int64(db, &n, "SELECT COUNT(*) FROM service_departments WHERE id = ?", "i",
	                   id) == STORE_ROW &&
	       n > 0;
}

static int check_item(struct store *db, int64_t id, const struct service_item_input *in,
                      struct derr *e)
{
	size_t i;
	json_t *d;
	if (!id && (!in->code || !in->name || !in->department_id || !in->statutory_days ||
	            !in->committed_days))
		return derr_set(e, DERR_INVALID,
		                !in->code             ? "code"
		                : !in->name           ? "name"
		                : !in->department_id  ? "department_id"
		                : !in->statutory_days ? "statutory_days"
		                                      : "committed_days",
		                "请填写必填项");
	if (in->statutory_days && (in->statutory_days < 1 || in->statutory_days > 365))
		return derr_set(e, DERR_INVALID, "statutory_days",
		                "法定时限应为 1 到 365 个工作日");
	if (in->committed_days && (in->committed_days < 1 || in->committed_days > 365))
		return derr_set(e, DERR_INVALID, "committed_days",
		                "承诺时限应为 1 到 365 个工作日");
	if (in->department_id && !department_exists(db, in->department_id))
		return derr_set(e, DERR_INVALID, "department_id", "部门不存在");
	json_array_foreach(
	    in->departments, i,
	    d) if (!department_exists(db, json_integer_value(d))) return derr_set(e, DERR_INVALID,
	                                                                          "departments",
	                                                                          "部门不存在");
	if (in->status && strcmp(in->status, "active") && strcmp(in->status, "retired"))
		return derr_set(e, DERR_INVALID, "status", "状态应为 active 或 retired");
	return in->materials ? check_materials(in->materials, e) : 0;
}

int service_item_save(struct store *db, const struct actor *a, int64_t id,
                      const struct service_item_input *in, int64_t *out_id, struct derr *e)
{
	int64_t now = now_seconds();
	if (svc_need_officer(a, e) || check_item(db, id, in, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "item: begin");
	int rc;
	if (id) {
		json_t *have = store_row(
		    db, "SELECT statutory_days, committed_days FROM service_items WHERE id = ?",
		    "i", id);
		if (!have)
			return derr_store(e, db, "item: find");
		if (json_is_null(have)) {
			json_decref(have);
			store_rollback(db);
			return derr_set(e, DERR_NOT_FOUND, NULL, "事项不存在");
		}
		int64_t st =
		    in->statutory_days ? in->statutory_days : svc_int(have, "statutory_days");
		int64_t co =
		    in->committed_days ? in->committed_days : svc_int(have, "committed_days");
		json_decref(have);
		if (co > st) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "committed_days",
			                "承诺时限不能长于法定时限");
		}
		rc = store_run(
		    db,
		    "UPDATE service_items SET code = COALESCE(?, code), name = COALESCE(?,"
		    " name), description = COALESCE(?, description), department_id ="
		    " COALESCE(?, department_id), statutory_days = ?, committed_days = ?,"
		    " no_application = CASE WHEN ? < 0 THEN no_application ELSE ? END,"
		    " status = COALESCE(?, status), updated_at = ? WHERE id = ?",
		    "tttI"
		    "iiiiti"
		    "i",
		    in->code, in->name, in->description, in->department_id, st, co,
		    (int64_t)in->no_application, (int64_t)in->no_application, in->status, now, id);
	} else {
		if (in->committed_days > in->statutory_days) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "committed_days",
			                "承诺时限不能长于法定时限");
		}
		rc = store_int64(
		    db, &id,
		    "INSERT INTO service_items (code, name, description, department_id,"
		    " statutory_days, committed_days, no_application, status, created_at,"
		    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "ttti"
		    "iiit"
		    "ii",
		    in->code, in->name, in->description ? in->description : "", in->department_id,
		    in->statutory_days, in->committed_days, (int64_t)(in->no_application > 0),
		    in->status ? in->status : "active", now, now);
		rc = rc == STORE_ROW ? STORE_OK : rc;
	}
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "code", "事项编码已被使用");
	}
	if (rc)
		return derr_store(e, db, "item: write");
	if (in->materials && write_materials(db, id, in->materials, e))
		return -1;
	if (in->departments) {
		size_t i;
		json_t *d;
		if (store_run(db, "DELETE FROM service_item_departments WHERE item_id = ?", "i",
		              id))
			return derr_store(e, db, "item: departments");
		json_array_foreach(in->departments, i,
		                   d) if (store_run(db,
		                                    "INSERT INTO service_item_departments "
		                                    "(item_id, department_id) VALUES (?, ?)"
		                                    " ON CONFLICT DO NOTHING",
		                                    "ii", id,
		                                    (int64_t)json_integer_value(
		                                        d))) return derr_store(e, db,
		                                                               "item: department");
	}
	if (audit_write(db, a, "service.item_save", "service_item", id, in->name, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "item: commit");
	*out_id = id;
	return 0;
}
