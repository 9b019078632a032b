/* Recommendations as the pages ask for them, with who may see what
 * (recommend.h, "What the pages ask for"). */
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/position_internal.h"
#include "domain/recommend.h"
#include "domain/student.h"
#include "domain/visibility.h"

#define POSITION_SUMMARY                                                                           \
	"SELECT p.id, p.title, p.kind, p.salary_min, p.salary_max, p.city_code, ci.name AS"        \
	" city_name, o.name AS enterprise_name, o.in_zone FROM positions p JOIN organizations o"   \
	" ON o.id = p.enterprise_id LEFT JOIN dict_cities ci ON ci.code = p.city_code"

/* The calling student's record and whether they want it personalised:
 * 0 with *id (0: none); -1 with e. */
static int own_student(struct store *db, const struct actor *a, int64_t *id, int *personalised,
                       struct derr *e)
{
	json_t *row = store_row(db,
	                        "SELECT id, personalised FROM students WHERE account_id = ? AND"
	                        " closed_at IS NULL",
	                        "i", a->id);
	if (!row)
		return derr_store(e, db, "own student");
	*id = json_integer_value(json_object_get(row, "id"));
	*personalised =
	    json_is_object(row) ? (int)json_integer_value(json_object_get(row, "personalised")) : 1;
	json_decref(row);
	return 0;
}

/* Sets member key of each item to the row sql reads for the item's id_key
 * (after any extra leading argument first_arg, when not 0). */
static int attach_rows(struct store *db, json_t *items, const char *key, const char *id_key,
                       const char *sql, int64_t first_arg, struct derr *e)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		int64_t id = json_integer_value(json_object_get(it, id_key));
		json_t *row = first_arg ? store_row(db, sql, "ii", first_arg, id)
		                        : store_row(db, sql, "i", id);
		if (!row)
			return derr_store(e, db, key);
		json_object_set_new(it, key, row);
	}
	return 0;
}

/* Sets "position" of each item to its summary (null when the position is
 * gone), read in one query per 64 items rather than one per item (issue 9's
 * N+1: a round trip each on PostgreSQL).  0, or -1 with e. */
static int attach_positions(struct store *db, json_t *items, struct derr *e)
{
	size_t n = json_array_size(items), i, k;
	json_t *it, *row;
	if (!n)
		return 0;
	int64_t *ids = calloc(n, sizeof(*ids));
	if (!ids)
		return derr_internal(e, "recommendations: out of memory");
	json_array_foreach(items, i, it)
	{
		ids[i] = json_integer_value(json_object_get(it, "position_id"));
	}
	json_t *rows = position_rows_by_ids(db, POSITION_SUMMARY " WHERE p.id", "", ids, n);
	free(ids);
	if (!rows)
		return derr_store(e, db, "position");
	json_array_foreach(items, i, it)
	{
		json_t *found = json_null();
		int64_t id = json_integer_value(json_object_get(it, "position_id"));
		json_array_foreach(rows, k, row)
		{
			if (json_integer_value(json_object_get(row, "id")) == id) {
				found = json_incref(row);
				break;
			}
		}
		json_object_set_new(it, "position", found);
	}
	json_decref(rows);
	return 0;
}

/* 1 when sorted ids holds id. */
static int has_id(const json_t *ids, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		if (json_integer_value(json_object_get(v, "position_id")) == id)
			return 1;
	}
	return 0;
}

/* The student's own view of one recommendation: applied marked, and the
 * interest component (only applying sets it) counted 0, the total and the
 * score lowered by what it held. */
static void own_view(json_t *it, int applied)
{
	json_t *ex = json_object_get(it, "explanation"), *c;
	size_t i;
	json_object_set_new(it, "applied", json_boolean(applied));
	json_array_foreach(json_object_get(ex, "components"), i, c)
	{
		if (strcmp(json_string_value(json_object_get(c, "key")), "interest"))
			continue;
		json_int_t pts = json_integer_value(json_object_get(c, "points"));
		json_object_set_new(c, "points", json_integer(0));
		json_object_set_new(
		    c, "reason",
		    json_string(applied ? "已投递：投递不计入你的推荐分" : "投递不计入推荐分"));
		json_object_set_new(
		    ex, "total",
		    json_integer(json_integer_value(json_object_get(ex, "total")) - pts));
		json_object_set_new(
		    it, "score",
		    json_integer(json_integer_value(json_object_get(it, "score")) - pts));
	}
}

static int by_score(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "score"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "score"));
	json_int_t i = json_integer_value(json_object_get(*(json_t *const *)a, "position_id"));
	json_int_t j = json_integer_value(json_object_get(*(json_t *const *)b, "position_id"));
	return x != y ? (x < y ? 1 : -1) : (i < j ? -1 : i > j);
}

/* The engine's best k + (applications) for sid, as the student sees them
 * (own_view), applied ones left out unless show, best first, k at most. */
static json_t *own_list(struct store *db, int64_t sid, size_t k, int show, struct derr *e)
{
	json_t *applied = store_rows(db,
	                             "SELECT position_id FROM applications WHERE student_id = ?"
	                             " AND status <> 'withdrawn'",
	                             "i", sid);
	if (!applied) {
		derr_store(e, db, "own applications");
		return NULL;
	}
	json_t *all = recommend_for_student(db, sid, k + json_array_size(applied));
	json_t *keep = all ? json_array() : NULL;
	size_t i, n = 0;
	json_t *it, **v = all ? calloc(json_array_size(all) + 1, sizeof(*v)) : NULL;
	json_array_foreach(all, i, it)
	{
		int was = has_id(applied, json_integer_value(json_object_get(it, "position_id")));
		if (was && !show)
			continue;
		own_view(it, was);
		if (v)
			v[n++] = it;
	}
	if (v && keep) {
		qsort(v, n, sizeof(*v), by_score);
		for (i = 0; i < n && i < k; i++)
			json_array_append(keep, v[i]);
	} else {
		json_decref(keep);
		keep = NULL;
		derr_internal(e, "recommendations");
	}
	free(v);
	json_decref(all);
	json_decref(applied);
	return keep;
}

int recommend_mine(struct store *db, const struct actor *a, size_t k, int show_applied,
                   json_t **out, struct derr *e)
{
	int64_t sid = 0;
	int personalised = 1;
	json_t *items;
	*out = NULL;
	if (own_student(db, a, &sid, &personalised, e))
		return -1;
	if (!sid)
		return derr_set(e, DERR_NOT_FOUND, NULL, STUDENT_NO_RECORD);
	if (!personalised) {
		/* The plain listing: newest open positions, nothing inferred. */
		items = store_rows(db,
		                   POSITION_SUMMARY " WHERE p.status = 'open' ORDER BY p.id DESC"
		                                    " LIMIT ?",
		                   "i", (int64_t)k);
		if (!items)
			return derr_store(e, db, "plain listing");
	} else {
		items = own_list(db, sid, k, show_applied, e);
		if (!items)
			return -1;
		if (attach_positions(db, items, e)) {
			json_decref(items);
			return -1;
		}
	}
	*out = json_pack("{s:b, s:i, s:o}", "personalised", personalised, "scale",
	                 recommend_own_scale(), "items", items);
	return 0;
}

/* HR of the position's enterprise, or the operator; else 404. */
static int position_in_scope(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	int64_t ent = 0;
	int rc = store_int64(db, &ent, "SELECT enterprise_id FROM positions WHERE id = ?", "i", id);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "candidates position");
	if (rc == STORE_ROW && (a->role == ROLE_OPERATOR || ent == a->org_id))
		return 0;
	return derr_set(e, DERR_NOT_FOUND, NULL, "岗位不存在");
}

int recommend_candidates(struct store *db, const struct actor *a, int64_t position_id, size_t k,
                         json_t **items, struct derr *e)
{
	*items = NULL;
	/* Not approved: the refusal says so before anything else. */
	if (visibility_talent_pool(db, a, e) || position_in_scope(db, a, position_id, e))
		return -1;
	*items = visibility_candidates(db, a, position_id, k, e);
	/* Masked personal data, as in every list. */
	if (!*items ||
	    attach_rows(db, *items, "student", "student_id",
	                "SELECT s.id, s.name, s.gender, s.college_id, o.name AS college_name,"
	                " s.major_code, m.name AS major_name, s.grad_year, s.degree,"
	                " s.phone_masked AS phone, (SELECT ap.id FROM applications ap WHERE"
	                " ap.student_id = s.id AND ap.position_id = ?) AS application_id"
	                " FROM students s JOIN organizations o ON o.id = s.college_id"
	                " LEFT JOIN dict_majors m ON m.code = s.major_code WHERE s.id = ?",
	                position_id, e) ||
	    audit_write(db, a, "position.candidates", "position", position_id, NULL, e)) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

/* 1 when count_sql (two ids) counts a row, 0 when not; -1 with e. */
static int exists2(struct store *db, const char *count_sql, int64_t x, int64_t y, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n, count_sql, "ii", x, y) != STORE_ROW)
		return derr_store(e, db, "explain scope");
	return n > 0;
}

/* Whether a may see the pair; 1 yes, 0 no (404), -1 with e. */
static int may_explain(struct store *db, const struct actor *a, int64_t *sid, int64_t pid,
                       struct derr *e)
{
	int64_t own = 0;
	int personalised, ok = 0;
	switch (a->role) {
	case ROLE_STUDENT:
		if (own_student(db, a, &own, &personalised, e))
			return -1;
		if (!*sid)
			*sid = own;
		ok = *sid && *sid == own;
		break;
	case ROLE_ENTERPRISE:
		return visibility_explain(db, a, *sid, pid, e) ? -1 : 1;
	case ROLE_COLLEGE:
		ok = *sid ? exists2(db,
		                    "SELECT COUNT(*) FROM students WHERE id = ? AND college_id = ?",
		                    *sid, a->org_id, e)
		          : 0;
		break;
	case ROLE_OPERATOR:
		ok = *sid != 0;
		break;
	}
	/* The position must be visible to the caller too: the operator any,
	 * others only open ones or ones the student applied to, as GET
	 * /positions/{id} and the application show them. */
	if (ok > 0 && (a->role == ROLE_STUDENT || a->role == ROLE_COLLEGE))
		ok =
		    exists2(db,
		            "SELECT COUNT(*) FROM positions p WHERE p.id = ? AND (p.status = 'open'"
		            " OR EXISTS (SELECT 1 FROM applications ap WHERE ap.position_id = p.id"
		            " AND ap.student_id = ?))",
		            pid, *sid, e);
	return ok;
}

int recommend_why(struct store *db, const struct actor *a, int64_t *student_id, int64_t position_id,
                  json_t **out, struct derr *e)
{
	*out = NULL;
	int ok = may_explain(db, a, student_id, position_id, e);
	if (ok < 0)
		return -1;
	if (!ok)
		return derr_set(e, DERR_NOT_FOUND, NULL, "学生或岗位不存在");
	*out = recommend_explain(db, *student_id, position_id);
	if (!*out)
		return derr_internal(e, "explain");
	if (json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, "学生或岗位不存在");
}
