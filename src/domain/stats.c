/*
 * Employment figures and the overview (stats.h): one grouped query each.
 */
#include "domain/stats.h"

#include <string.h>

#include "base/buf.h"

/* How a group is keyed and named, over the per-student table st. */
static const struct {
	const char *group, *key, *name, *join;
} groups[] = {
    {"major", "st.major_code", "m.name", " LEFT JOIN dict_majors m ON m.code = st.major_code"},
    {"grad_year", "st.grad_year", "st.grad_year", ""},
    {"college", "st.college_id", "o.name", " JOIN organizations o ON o.id = st.college_id"},
};

/* Sums each figure over the groups, for the cards above the chart. */
static json_t *totals(json_t *rows)
{
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
	return total;
}

int stats_employment(struct store *db, const struct actor *a, const char *group, int64_t college_id,
                     int64_t grad_year, json_t **out, struct derr *e)
{
	size_t g = 0;
	*out = NULL;
	if (!group)
		group = "major";
	while (g < sizeof(groups) / sizeof(groups[0]) && strcmp(groups[g].group, group))
		g++;
	if (g == sizeof(groups) / sizeof(groups[0]))
		return derr_set(e, DERR_INVALID, "group", "分组应为 major、grad_year 或 college");
	if (a->role == ROLE_COLLEGE) {
		if (college_id && college_id != a->org_id)
			return derr_set(e, DERR_FORBIDDEN, "college_id", "只能查看本校的数据");
		college_id = a->org_id;
	} else if (a->role != ROLE_OPERATOR) {
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有权限查看就业数据");
	}
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct store_args args = {0};
	buf_adds(&where, " WHERE 1 = 1");
	if (college_id) {
		buf_adds(&where, " AND s.college_id = ?");
		store_args_int(&args, college_id);
	}
	if (grad_year) {
		buf_adds(&where, " AND s.grad_year = ?");
		store_args_int(&args, grad_year);
	}
	buf_addf(&sql,
	         "WITH st AS (SELECT s.id, s.college_id, s.major_code, s.grad_year,"
	         " MAX(CASE WHEN a.status IS NULL THEN 0 WHEN a.status = 'accepted' THEN 4"
	         " WHEN a.status = 'offered' THEN 3 WHEN a.status = 'interview' THEN 2 ELSE 1 END)"
	         " AS best"
	         " FROM students s LEFT JOIN applications a ON a.student_id = s.id"
	         " AND a.status <> 'withdrawn'%s"
	         " GROUP BY s.id, s.college_id, s.major_code, s.grad_year)"
	         " SELECT %s AS key, %s AS name, COUNT(*) AS students,"
	         " SUM(CASE WHEN best >= 1 THEN 1 ELSE 0 END) AS applied,"
	         " SUM(CASE WHEN best >= 2 THEN 1 ELSE 0 END) AS interviewed,"
	         " SUM(CASE WHEN best >= 3 THEN 1 ELSE 0 END) AS offered,"
	         " SUM(CASE WHEN best >= 4 THEN 1 ELSE 0 END) AS accepted"
	         " FROM st%s GROUP BY %s, %s ORDER BY students DESC, key",
	         where.data, groups[g].key, groups[g].name, groups[g].join, groups[g].key,
	         groups[g].name);
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&where);
	buf_release(&sql);
	if (!rows)
		return derr_store(e, db, "employment figures");
	*out = json_pack("{s:s, s:o, s:o}", "group", groups[g].group, "items", rows, "total",
	                 totals(rows));
	return 0;
}

int stats_overview(struct store *db, json_t **out, struct derr *e)
{
	*out = store_row(
	    db,
	    "SELECT (SELECT COUNT(*) FROM organizations WHERE kind = 'college') AS colleges,"
	    " (SELECT COUNT(*) FROM organizations WHERE kind = 'enterprise' AND status = 'active')"
	    " AS enterprises,"
	    " (SELECT COUNT(*) FROM organizations WHERE kind = 'enterprise' AND status = 'active'"
	    " AND in_zone = 1) AS enterprises_in_zone,"
	    " (SELECT COUNT(*) FROM organizations WHERE kind = 'enterprise' AND status = 'pending')"
	    " AS enterprises_pending,"
	    " (SELECT COUNT(*) FROM positions WHERE status = 'open') AS positions_open,"
	    " (SELECT COALESCE(SUM(headcount), 0) FROM positions WHERE status = 'open')"
	    " AS headcount,"
	    " (SELECT COUNT(*) FROM positions WHERE status = 'pending') AS positions_pending,"
	    " (SELECT COUNT(*) FROM students WHERE closed_at IS NULL) AS students,"
	    " (SELECT COUNT(*) FROM applications) AS applications,"
	    " (SELECT COUNT(*) FROM applications WHERE status = 'accepted') AS accepted",
	    "");
	return *out ? 0 : derr_store(e, db, "overview");
}
