/* Recommendations as the pages ask for them, with who may see what
 * (recommend.h, "What the pages ask for"). */
#include <string.h>

#include "domain/audit.h"
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

int recommend_mine(struct store *db, const struct actor *a, size_t k, json_t **out, struct derr *e)
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
		items = recommend_for_student(db, sid, k);
		if (!items)
			return derr_internal(e, "recommendations");
		if (attach_rows(db, items, "position", "position_id",
		                POSITION_SUMMARY " WHERE p.id = ?", 0, e)) {
			json_decref(items);
			return -1;
		}
	}
	*out = json_pack("{s:b, s:o}", "personalised", personalised, "items", items);
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
