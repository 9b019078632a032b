/*
 * Recommendations with their reasons (PIPL Art. 24: automated decisions
 * are explained, and a student may switch personalisation off):
 *   为你推荐  GET /recommendations            a student's best positions
 *   推荐人选  GET /positions/{id}/candidates  a position's best students
 *   为什么    GET /match/explain              one pair, component by component
 */
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "domain/recommend.h"
#include "domain/visibility.h"

static int64_t own_student(struct api_ctx *c, int *personalised)
{
	json_t *row = store_row(c->db,
				"SELECT id, personalised FROM students WHERE account_id = ? AND"
				" closed_at IS NULL",
				"i", c->actor.id);
	int64_t id = 0;
	if (json_is_object(row)) {
		id = json_integer_value(json_object_get(row, "id"));
		*personalised = (int)json_integer_value(json_object_get(row, "personalised"));
	}
	json_decref(row);
	return id;
}

#define POSITION_SUMMARY                                                                           \
	"SELECT p.id, p.title, p.kind, p.salary_min, p.salary_max, p.city_code, ci.name AS"         \
	" city_name, o.name AS enterprise_name, o.in_zone FROM positions p JOIN organizations o"    \
	" ON o.id = p.enterprise_id LEFT JOIN dict_cities ci ON ci.code = p.city_code"

void api_recommend_positions(struct api_ctx *c)
{
	int personalised = 1;
	int64_t k = api_query_int(c, "k", 20, 1, 100);
	int64_t sid = own_student(c, &personalised);
	if (api_failed(c))
		return;
	if (!sid) {
		api_fail(c, 404, "not_found", NULL, "尚未建立学生档案");
		return;
	}
	if (!personalised) {
		/* The plain listing: newest open positions, nothing inferred. */
		json_t *items = store_rows(c->db,
					   POSITION_SUMMARY " WHERE p.status = 'open'"
							    " ORDER BY p.id DESC LIMIT ?",
					   "i", k);
		if (!items) {
			api_internal(c, "plain listing");
			return;
		}
		api_reply(c, 200, json_pack("{s:b, s:o}", "personalised", 0, "items", items));
		return;
	}
	json_t *hits = recommend_for_student(c->db, sid, (size_t)k);
	if (!hits) {
		api_internal(c, "recommendations");
		return;
	}
	size_t i;
	json_t *h;
	json_array_foreach(hits, i, h)
	{
		json_t *p = store_row(c->db, POSITION_SUMMARY " WHERE p.id = ?", "i",
				      (int64_t)json_integer_value(json_object_get(h, "position_id")));
		json_object_set_new(h, "position", p ? p : json_null());
	}
	api_reply(c, 200, json_pack("{s:b, s:o}", "personalised", 1, "items", hits));
}

/* HR of the position's enterprise, or the operator; else 404. */
static int position_in_scope(struct api_ctx *c, int64_t id)
{
	int64_t ent = 0;
	int rc = store_int64(c->db, &ent, "SELECT enterprise_id FROM positions WHERE id = ?", "i", id);
	if (rc == STORE_ROW && (c->actor.role == ROLE_OPERATOR || ent == c->actor.org_id))
		return 1;
	api_fail(c, 404, "not_found", NULL, "岗位不存在");
	return 0;
}

void api_recommend_candidates(struct api_ctx *c)
{
	int64_t id, k = api_query_int(c, "k", 20, 1, 100);
	struct derr e = {0};
	if (api_failed(c) || api_path_id(c, &id))
		return;
	/* Not approved: the refusal says so before anything else. */
	if (visibility_talent_pool(c->db, &c->actor, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	if (!position_in_scope(c, id))
		return;
	json_t *hits = visibility_candidates(c->db, &c->actor, id, (size_t)k, &e);
	if (!hits) {
		api_fail_derr(c, &e);
		return;
	}
	size_t i;
	json_t *h;
	json_array_foreach(hits, i, h)
	{
		/* Masked personal data, as in every list. */
		json_t *s = store_row(
		    c->db,
		    "SELECT s.id, s.name, s.gender, s.college_id, o.name AS college_name, s.major_code,"
		    " m.name AS major_name, s.grad_year, s.degree, s.phone_masked AS phone,"
		    " (SELECT ap.id FROM applications ap WHERE ap.student_id = s.id AND"
		    " ap.position_id = ?) AS application_id FROM students s JOIN organizations o ON"
		    " o.id = s.college_id LEFT JOIN dict_majors m ON m.code = s.major_code"
		    " WHERE s.id = ?",
		    "ii", id, (int64_t)json_integer_value(json_object_get(h, "student_id")));
		json_object_set_new(h, "student", s ? s : json_null());
	}
	api_audit(c, "position.candidates", "position", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:o}", "items", hits));
}

/* Who may see why a pair scores what it does: the student, the
 * position's HR when the student is visible to them, college staff for
 * their students, the operator. */
void api_match_explain(struct api_ctx *c)
{
	int64_t sid = api_query_int(c, "student_id", 0, 1, INT64_MAX);
	int64_t pid = api_query_int(c, "position_id", 0, 1, INT64_MAX);
	if (!api_failed(c) && !pid)
		api_fail(c, 400, "missing", "position_id", "缺少 position_id");
	if (api_failed(c))
		return;
	int personalised = 1, ok = 0;
	int64_t n = 0;
	switch (c->actor.role) {
	case ROLE_STUDENT: {
		int64_t own = own_student(c, &personalised);
		if (!sid)
			sid = own;
		ok = sid && sid == own;
		break;
	}
	case ROLE_ENTERPRISE: {
		struct derr e = {0};
		if (visibility_explain(c->db, &c->actor, sid, pid, &e)) {
			api_fail_derr(c, &e);
			return;
		}
		ok = 1;
		break;
	}
	case ROLE_COLLEGE:
		ok = sid && store_int64(c->db, &n,
					"SELECT COUNT(*) FROM students WHERE id = ? AND college_id = ?",
					"ii", sid, c->actor.org_id) == STORE_ROW &&
		     n;
		break;
	case ROLE_OPERATOR:
		ok = sid != 0;
		break;
	}
	/* The position must be visible to the caller too: HR's own (checked
	 * above), the operator any, others only open ones or ones the student
	 * applied to, as GET /positions/{id} and the application show them. */
	if (ok && (c->actor.role == ROLE_STUDENT || c->actor.role == ROLE_COLLEGE))
		ok = store_int64(c->db, &n,
				 "SELECT COUNT(*) FROM positions p WHERE p.id = ? AND (p.status = 'open'"
				 " OR EXISTS (SELECT 1 FROM applications ap WHERE ap.position_id = p.id"
				 " AND ap.student_id = ?))",
				 "ii", pid, sid) == STORE_ROW &&
		     n;
	if (!ok) {
		api_fail(c, 404, "not_found", NULL, "学生或岗位不存在");
		return;
	}
	json_t *e = recommend_explain(c->db, sid, pid);
	if (!e) {
		api_internal(c, "explain");
		return;
	}
	if (json_is_null(e)) {
		api_fail(c, 404, "not_found", NULL, "学生或岗位不存在");
		return;
	}
	api_reply(c, 200, json_pack("{s:I, s:I, s:o}", "student_id", (json_int_t)sid, "position_id",
				    (json_int_t)pid, "explanation", e));
}
