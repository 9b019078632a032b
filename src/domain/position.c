/*
 * Positions: writing them with their majors, skills and search text (shared
 * by the API and imports), reading one as pages show it, and the life
 * cycle's moves.  Rules and ownership are listed in position.h.
 */
#include "domain/position.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/position_internal.h"
#include "domain/position_text.h"
#include "domain/recommend.h"

/* The field values in column order, as bound arguments. */
static void field_args(struct store_args *a, const struct position_fields *f)
{
	store_args_text(a, f->title);
	store_args_text(a, f->kind);
	store_args_int(a, f->min_degree);
	store_args_int(a, f->headcount);
	f->has_salary_min ? store_args_int(a, f->salary_min) : store_args_text(a, NULL);
	f->has_salary_max ? store_args_int(a, f->salary_max) : store_args_text(a, NULL);
	store_args_text(a, f->city);
	store_args_text(a, f->address);
	store_args_text(a, f->description ? f->description : "");
	f->has_deadline ? store_args_int(a, f->deadline) : store_args_text(a, NULL);
	f->has_gy_min ? store_args_int(a, f->gy_min) : store_args_text(a, NULL);
	f->has_gy_max ? store_args_int(a, f->gy_max) : store_args_text(a, NULL);
}

/* Rewrites majors, skills and the search text of position id. */
static int write_details(struct store *db, int64_t id, const struct position_fields *f)
{
	size_t i;
	json_t *v;
	if (store_run(db, "DELETE FROM position_majors WHERE position_id = ?", "i", id) ||
	    store_run(db, "DELETE FROM position_skills WHERE position_id = ?", "i", id))
		return -1;
	json_array_foreach(f->majors, i, v)
	{
		if (store_run(db,
		              "INSERT INTO position_majors (position_id, major_code) VALUES (?, ?)",
		              "it", id, json_string_value(v)))
			return -1;
	}
	for (int req = 1; req >= 0; req--) {
		json_array_foreach(req ? f->required : f->preferred, i, v)
		{
			if (store_run(
			        db,
			        "INSERT INTO position_skills (position_id, skill_id, required)"
			        " VALUES (?, ?, ?)",
			        "iti", id, json_string_value(v), (int64_t)req))
				return -1;
		}
	}
	/* A failed text is a failed write: a position nobody can find by its
	 * words must not be committed. */
	return position_text_refresh(db, POSITION_TEXT_ONE, id) < 0 ? -1 : 0;
}

int position_insert(struct store *db, int64_t enterprise, const struct position_fields *f,
                    int is_demo, int64_t *id)
{
	int64_t now = now_seconds();
	struct store_args a = {0};
	store_args_int(&a, enterprise);
	field_args(&a, f);
	store_args_int(&a, is_demo);
	store_args_int(&a, now);
	store_args_int(&a, now);
	if (store_int64_args(
	        db, id,
	        "INSERT INTO positions (enterprise_id, title, kind, min_degree, headcount,"
	        " salary_min, salary_max, city_code, address, description, deadline,"
	        " grad_year_min, grad_year_max, is_demo, created_at, updated_at)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	        &a) != STORE_ROW)
		return -1;
	return write_details(db, *id, f);
}

int position_update(struct store *db, int64_t id, const struct position_fields *f)
{
	struct store_args a = {0};
	field_args(&a, f);
	store_args_int(&a, now_seconds());
	store_args_int(&a, id);
	struct store_stmt *st = store_query_args(
	    db,
	    "UPDATE positions SET title = ?, kind = ?, min_degree = ?, headcount = ?,"
	    " salary_min = ?, salary_max = ?, city_code = ?, address = ?, description = ?,"
	    " deadline = ?, grad_year_min = ?, grad_year_max = ?, updated_at = ? WHERE id = ?",
	    &a);
	int rc = st ? store_step(st) : STORE_ERROR;
	store_finalize(st);
	return rc == STORE_DONE ? write_details(db, id, f) : -1;
}

/* Checks every code of list against a dictionary table; 400 naming field. */
static int check_codes(struct store *db, json_t *list, const char *table, const char *field,
                       struct derr *e)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		int has = dict_has(db, table, json_string_value(v));
		if (has < 0)
			return derr_store(e, db, "position: dictionary");
		if (!has)
			return derr_codef(e, DERR_INVALID, NULL, field, "字段 %s 含未知的代码：%s",
			                  field, json_string_value(v));
	}
	return 0;
}

int position_fields_check(struct store *db, const struct position_fields *f, struct derr *e)
{
	if (f->city) {
		int has = dict_has(db, "cities", f->city);
		if (has < 0)
			return derr_store(e, db, "position: dictionary");
		if (!has)
			return derr_set(e, DERR_INVALID, "city_code", "未知的城市代码");
	}
	if (check_codes(db, f->majors, "majors", "majors", e) ||
	    check_codes(db, f->required, "skills", "required_skills", e) ||
	    check_codes(db, f->preferred, "skills", "preferred_skills", e))
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(f->preferred, i, v)
	{
		for (size_t k = 0; k < json_array_size(f->required); k++)
			if (json_equal(v, json_array_get(f->required, k)))
				return derr_set(e, DERR_INVALID, "preferred_skills",
				                "同一技能不能既是必备又是加分项");
	}
	return 0;
}

/* ---- reading ---- */

int position_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	*out = store_row(db, POSITION_COLUMNS ", p.description" POSITION_FROM " WHERE p.id = ?",
	                 "i", id);
	if (!*out)
		return derr_store(e, db, "position: read");
	if (json_is_object(*out) && position_add_details(db, *out, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* 1 when a may see a position of enterprise ent in status: open ones
 * everyone, any state its own HR and the operator; for_write: only those
 * two. */
static int may_see(const struct actor *a, int64_t ent, const char *status, int for_write)
{
	int own = a->role == ROLE_ENTERPRISE && ent == a->org_id;
	return own || a->role == ROLE_OPERATOR || (!for_write && status && !strcmp(status, "open"));
}

int position_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	if (position_read(db, id, out, e))
		return -1;
	if (!json_is_object(*out) ||
	    !may_see(a, json_integer_value(json_object_get(*out, "enterprise_id")),
	             json_string_value(json_object_get(*out, "status")), 0)) {
		json_decref(*out);
		*out = NULL;
		return derr_set(e, DERR_NOT_FOUND, NULL, "岗位不存在");
	}
	return 0;
}

/* What a write needs to know of position id, when a may write it. */
struct writable {
	char status[16];
	int verified; /* its enterprise passed review (organizations.status 'active') */
};

static int load_writable(struct store *db, const struct actor *a, int64_t id, struct writable *w,
                         struct derr *e)
{
	struct store_stmt *st =
	    store_query(db,
	                "SELECT p.enterprise_id, p.status, o.status FROM positions p"
	                " JOIN organizations o ON o.id = p.enterprise_id"
	                " WHERE p.id = ?",
	                "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	int visible = 0;
	if (rc == STORE_ROW) {
		snprintf(w->status, sizeof(w->status), "%s", store_column_text(st, 1));
		w->verified = !strcmp(store_column_text(st, 2), "active");
		visible = may_see(a, store_column_int64(st, 0), w->status, 1);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "position: load");
	return visible ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "岗位不存在");
}

/* The end of every write: the audit row, the position as the answer shows
 * it, the commit (the last database operation), then the snapshot. */
static int finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *detail, json_t **out, struct derr *e)
{
	*out = NULL;
	if (audit_write(db, a, action, "position", id, detail, e) || position_read(db, id, out, e))
		return -1; /* rolled back */
	if (store_commit(db) != STORE_OK) {
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, action);
	}
	recommend_position_changed(db, id);
	return 0;
}

int position_create(struct store *db, const struct actor *a, const struct position_fields *f,
                    json_t **out, struct derr *e)
{
	int64_t id = 0;
	*out = NULL;
	if (a->role != ROLE_ENTERPRISE || !a->org_id)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有企业可以发布岗位");
	if (position_fields_check(db, f, e))
		return -1;
	if (store_begin(db) != STORE_OK || position_insert(db, a->org_id, f, 0, &id))
		return derr_store(e, db, "position create");
	return finish(db, a, id, "position.create", NULL, out, e);
}

int position_edit(struct store *db, const struct actor *a, int64_t id,
                  const struct position_fields *f, json_t **out, struct derr *e)
{
	struct writable w;
	*out = NULL;
	if (load_writable(db, a, id, &w, e))
		return -1;
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有发布企业可以修改岗位");
	if (position_fields_check(db, f, e))
		return -1;
	if (store_begin(db) != STORE_OK || position_update(db, id, f) ||
	    store_run(db,
	              "UPDATE positions SET status = 'pending' WHERE id = ? AND status = 'open' AND"
	              " enterprise_id IN (SELECT id FROM organizations WHERE status <> 'active')",
	              "i", id) != STORE_OK)
		return derr_store(e, db, "position update");
	return finish(db, a, id, "position.update", NULL, out, e);
}

/* ---- the life cycle ---- */

enum mover { BY_HR, BY_OPERATOR, BY_EITHER };

static const struct {
	const char *from[3]; /* the states it leaves, NULL-terminated */
	const char *to;
	const char *action; /* the audit row's */
	enum mover who;
} moves[] = {
    [POSITION_SUBMIT] = {{"draft", "rejected", NULL}, "open", "position.submit", BY_HR},
    [POSITION_CLOSE] = {{"open", "pending", NULL}, "closed", "position.close", BY_EITHER},
    [POSITION_REOPEN] = {{"closed", NULL}, "open", "position.reopen", BY_HR},
    [POSITION_APPROVE] = {{"pending", NULL}, "open", "position.approve", BY_OPERATOR},
    [POSITION_REJECT] = {{"pending", NULL}, "rejected", "position.reject", BY_OPERATOR},
};

int position_move(struct store *db, const struct actor *a, int64_t id, enum position_move m,
                  const char *reason, json_t **out, struct derr *e)
{
	struct writable w;
	*out = NULL;
	if ((unsigned)m >= sizeof(moves) / sizeof(moves[0]))
		return derr_internal(e, "position: unknown move");
	if (load_writable(db, a, id, &w, e))
		return -1;
	if (moves[m].who == BY_HR && a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有发布企业可以执行此操作");
	if (moves[m].who == BY_OPERATOR && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营可以审核岗位");
	int from_ok = 0;
	for (const char *const *f = moves[m].from; *f; f++)
		from_ok |= !strcmp(*f, w.status);
	if (!from_ok)
		return derr_codef(e, DERR_RULE, NULL, "status", "岗位当前状态（%s）不能执行此操作",
		                  w.status);
	/* Publishing needs a verified enterprise: otherwise the operator
	 * reviews the position first, and a closed one stays closed. */
	const char *to = moves[m].to;
	if (!strcmp(to, "open") && moves[m].who == BY_HR && !w.verified) {
		if (!strcmp(w.status, "closed"))
			return derr_set(e, DERR_RULE, NULL, "企业资质审核通过后才能重新发布岗位");
		to = "pending";
	}
	int64_t changed = 0;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, moves[m].action);
	int rc = store_int64(db, &changed,
	                     "UPDATE positions SET status = ?, reject_reason = ?, updated_at = ?"
	                     " WHERE id = ? AND status = ? RETURNING id",
	                     "ttiit", to, reason, now_seconds(), id, w.status);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "status", "岗位状态已被他人修改，请刷新");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, moves[m].action);
	return finish(db, a, id, moves[m].action, to, out, e);
}
