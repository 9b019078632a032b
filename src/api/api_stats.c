/*
 * Employment figures (就业数据): students, applied, interviewed, offered,
 * accepted — by major, graduation year or college.  College staff see
 * their college; the operator sees every college (or one).
 *
 * A student counts once per stage they have reached with their furthest
 * application: interview counts as applied, offered as interviewed, and
 * so on.  (An application rejected after an interview counts as applied.)
 */
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "base/buf.h"

void api_stats_employment(struct api_ctx *c)
{
	const char *group = api_query(c, "group");
	int64_t college = api_query_int(c, "college_id", 0, 1, INT64_MAX);
	int64_t grad = api_query_int(c, "grad_year", 0, 2000, 2100);
	if (!group)
		group = "major";
	const char *key, *name_join, *name;
	if (!strcmp(group, "major")) {
		key = "st.major_code";
		name = "m.name";
		name_join = " LEFT JOIN dict_majors m ON m.code = st.major_code";
	} else if (!strcmp(group, "grad_year")) {
		key = "st.grad_year";
		name = "st.grad_year";
		name_join = "";
	} else if (!strcmp(group, "college")) {
		key = "st.college_id";
		name = "o.name";
		name_join = " JOIN organizations o ON o.id = st.college_id";
	} else {
		api_fail(c, 400, "invalid", "group", "分组应为 major、grad_year 或 college");
		return;
	}
	if (c->actor.role == ROLE_COLLEGE) {
		if (college && college != c->actor.org_id) {
			api_fail(c, 403, "forbidden", "college_id", "只能查看本校的数据");
			return;
		}
		college = c->actor.org_id;
	}
	if (api_failed(c))
		return;
	struct buf where = BUF_INIT;
	struct store_args a = {0};
	/* Closed accounts stay in the figures: only their personal fields
	 * were erased. */
	buf_adds(&where, " WHERE 1 = 1");
	if (college) {
		buf_adds(&where, " AND s.college_id = ?");
		store_args_int(&a, college);
	}
	if (grad) {
		buf_adds(&where, " AND s.grad_year = ?");
		store_args_int(&a, grad);
	}
	char *sql = arena_printf(
	    c->arena,
	    "WITH st AS (SELECT s.id, s.college_id, s.major_code, s.grad_year,"
	    " MAX(CASE WHEN a.status IS NULL THEN 0 WHEN a.status = 'accepted' THEN 4"
	    " WHEN a.status = 'offered' THEN 3 WHEN a.status = 'interview' THEN 2 ELSE 1 END)"
	    " AS best"
	    " FROM students s LEFT JOIN applications a ON a.student_id = s.id"
	    " AND a.status <> 'withdrawn'%s GROUP BY s.id, s.college_id, s.major_code, s.grad_year)"
	    " SELECT %s AS key, %s AS name, COUNT(*) AS students,"
	    " SUM(CASE WHEN best >= 1 THEN 1 ELSE 0 END) AS applied,"
	    " SUM(CASE WHEN best >= 2 THEN 1 ELSE 0 END) AS interviewed,"
	    " SUM(CASE WHEN best >= 3 THEN 1 ELSE 0 END) AS offered,"
	    " SUM(CASE WHEN best >= 4 THEN 1 ELSE 0 END) AS accepted"
	    " FROM st%s GROUP BY %s, %s ORDER BY students DESC, key",
	    where.data, key, name, name_join, key, name);
	buf_release(&where);
	json_t *rows = store_rows_args(c->db, sql, &a);
	if (!rows) {
		api_internal(c, "employment figures");
		return;
	}
	/* Totals over the groups, for the cards above the chart. */
	json_t *total = json_pack("{s:I, s:I, s:I, s:I, s:I}", "students", (json_int_t)0, "applied",
	                          (json_int_t)0, "interviewed", (json_int_t)0, "offered",
	                          (json_int_t)0, "accepted", (json_int_t)0);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *k;
		json_t *v;
		json_object_foreach(total, k, v)
		{
			json_integer_set(v, json_integer_value(v) +
			                        json_integer_value(json_object_get(row, k)));
		}
	}
	api_reply(c, 200,
	          json_pack("{s:s, s:o, s:o}", "group", group, "items", rows, "total", total));
}

/* Platform-wide counts for the operator's home page. */
void api_stats_overview(struct api_ctx *c)
{
	json_t *o = store_row(
	    c->db,
	    "SELECT (SELECT COUNT(*) FROM organizations WHERE kind = 'college') AS colleges,"
	    " (SELECT COUNT(*) FROM organizations WHERE kind = 'enterprise' AND status = 'active')"
	    " AS enterprises,"
	    " (SELECT COUNT(*) FROM organizations WHERE kind = 'enterprise' AND status = 'active'"
	    " AND in_zone = 1) AS enterprises_in_zone,"
	    " (SELECT COUNT(*) FROM organizations WHERE kind = 'enterprise' AND status = 'pending')"
	    " AS enterprises_pending,"
	    " (SELECT COUNT(*) FROM positions WHERE status = 'open') AS positions_open,"
	    " (SELECT COALESCE(SUM(headcount), 0) FROM positions WHERE status = 'open') AS "
	    "headcount,"
	    " (SELECT COUNT(*) FROM positions WHERE status = 'pending') AS positions_pending,"
	    " (SELECT COUNT(*) FROM students WHERE closed_at IS NULL) AS students,"
	    " (SELECT COUNT(*) FROM applications) AS applications,"
	    " (SELECT COUNT(*) FROM applications WHERE status = 'accepted') AS accepted",
	    "");
	if (!o) {
		api_internal(c, "overview");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "overview", o));
}
