/*
 * Employment figures and the overview (stats.h): one grouped query each.
 */
#include "domain/stats.h"

#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/destination.h"

/* How a group is keyed and named, over the per-student table st. */
static const struct {
	const char *group, *key, *name, *join;
} groups[] = {
    {"major", "st.major_code", "m.name", " LEFT JOIN dict_majors m ON m.code = st.major_code"},
    {"grad_year", "st.grad_year", "st.grad_year", ""},
    {"college", "st.college_id", "o.name", " JOIN organizations o ON o.id = st.college_id"},
};

/* Sums each count over the groups, for the cards above the chart. */
static json_t *totals(json_t *rows)
{
	json_t *total = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *k;
		json_t *v;
		json_object_foreach(row, k, v)
		{
			if (!json_is_integer(v) || !strcmp(k, "key") || !strcmp(k, "name"))
				continue;
			json_t *sum = json_object_get(total, k);
			json_object_set_new(
			    total, k,
			    json_integer(json_integer_value(sum) + json_integer_value(v)));
		}
	}
	static const char *const counts[] = {"students", "applied",  "interviewed",
	                                     "offered",  "accepted", "placed"};
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
		if (!json_object_get(total, counts[c]))
			json_object_set_new(total, counts[c], json_integer(0));
	for (size_t c = 0; destination_keys[c]; c++)
		if (!json_object_get(total, destination_keys[c]))
			json_object_set_new(total, destination_keys[c], json_integer(0));
	return total;
}

/* Sets row's "rate": placed / students as a percentage, two decimals (0
 * without students). */
static void set_rate(json_t *row)
{
	json_int_t n = json_integer_value(json_object_get(row, "students"));
	json_int_t p = json_integer_value(json_object_get(row, "placed"));
	/* Rounded half up in whole numbers: the same on every machine. */
	json_object_set_new(row, "rate",
	                    json_real(n ? (double)((p * 20000 + n) / (2 * n)) / 100.0 : 0.0));
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
	int cohort = destination_cohort(now_seconds());
	if (!grad_year)
		grad_year = cohort;
	struct buf where = BUF_INIT, sql = BUF_INIT, cats = BUF_INIT;
	struct store_args args = {0};
	buf_adds(&where, " WHERE 1 = 1");
	if (college_id) {
		buf_adds(&where, " AND s.college_id = ?");
		store_args_int(&args, college_id);
	}
	if (grad_year > 0) {
		buf_adds(&where, " AND s.grad_year = ?");
		store_args_int(&args, grad_year);
	}
	/* The keys are the code's own words, never the caller's. */
	for (size_t k = 0; destination_keys[k]; k++)
		buf_addf(&cats, " SUM(CASE WHEN dest = '%s' THEN 1 ELSE 0 END) AS %s,",
		         destination_keys[k], destination_keys[k]);
	buf_addf(&sql,
	         "WITH st AS (SELECT s.id, s.college_id, s.major_code, s.grad_year, s.destination,"
	         " MAX(CASE WHEN a.status IS NULL THEN 0 WHEN a.status = 'accepted' THEN 4"
	         " WHEN a.status = 'offered' THEN 3 WHEN a.status = 'interview' THEN 2 ELSE 1 END)"
	         " AS best"
	         " FROM students s LEFT JOIN applications a ON a.student_id = s.id"
	         " AND a.status <> 'withdrawn'%s"
	         " GROUP BY s.id, s.college_id, s.major_code, s.grad_year, s.destination),"
	         " sd AS (SELECT st.*, COALESCE(st.destination,"
	         " CASE WHEN best >= 4 THEN 'contract' ELSE 'unplaced' END) AS dest FROM st)"
	         " SELECT %s AS key, %s AS name, COUNT(*) AS students,"
	         " SUM(CASE WHEN best >= 1 THEN 1 ELSE 0 END) AS applied,"
	         " SUM(CASE WHEN best >= 2 THEN 1 ELSE 0 END) AS interviewed,"
	         " SUM(CASE WHEN best >= 3 THEN 1 ELSE 0 END) AS offered,"
	         " SUM(CASE WHEN best >= 4 THEN 1 ELSE 0 END) AS accepted,%s"
	         " SUM(CASE WHEN dest <> 'unplaced' THEN 1 ELSE 0 END) AS placed"
	         " FROM sd st%s GROUP BY %s, %s ORDER BY students DESC, key",
	         where.data, groups[g].key, groups[g].name, cats.data, groups[g].join,
	         groups[g].key, groups[g].name);
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&where);
	buf_release(&sql);
	buf_release(&cats);
	if (!rows)
		return derr_store(e, db, "employment figures");
	json_t *total = totals(rows), *row;
	size_t i;
	json_array_foreach(rows, i, row) set_rate(row);
	set_rate(total);
	*out = json_pack("{s:s, s:i, s:o, s:o, s:o}", "group", groups[g].group, "cohort", cohort,
	                 "grad_year", grad_year > 0 ? json_integer(grad_year) : json_null(),
	                 "items", rows, "total", total);
	return 0;
}

int stats_employment_table(struct store *db, const struct actor *a, const char *group,
                           int64_t college_id, int64_t grad_year, json_t **out, struct derr *e)
{
	json_t *fig;
	*out = NULL;
	if (stats_employment(db, a, group, college_id, grad_year, &fig, e))
		return -1;
	static const char *const heads[] = {"专业", "届别", "院校"};
	size_t g = 0;
	while (strcmp(groups[g].group, json_string_value(json_object_get(fig, "group"))))
		g++;
	json_t *cols = json_array();
	json_array_append_new(
	    cols, json_pack("{s:s, s:s, s:s}", "key", "name", "title", heads[g], "kind", "text"));
	json_array_append_new(cols, json_pack("{s:s, s:s, s:s}", "key", "students", "title",
	                                      "毕业生", "kind", "int"));
	for (size_t k = 0; destination_keys[k]; k++)
		json_array_append_new(cols,
		                      json_pack("{s:s, s:s, s:s}", "key", destination_keys[k],
		                                "title", destination_names[k], "kind", "int"));
	json_array_append_new(
	    cols, json_pack("{s:s, s:s, s:s}", "key", "placed", "title", "已落实", "kind", "int"));
	json_array_append_new(cols, json_pack("{s:s, s:s, s:s}", "key", "rate", "title",
	                                      "毕业去向落实率（%）", "kind", "real"));
	json_t *rows = json_deep_copy(json_object_get(fig, "items"));
	size_t i;
	json_t *row;
	/* Years are numbers in the rows; the sheet's first column is text. */
	json_array_foreach(rows, i, row)
	{
		json_t *name = json_object_get(row, "name");
		if (json_is_integer(name))
			json_object_set_new(
			    row, "name",
			    json_sprintf("%lld届", (long long)json_integer_value(name)));
		else if (!json_is_string(name))
			json_object_set_new(row, "name", json_string("（未填）"));
	}
	json_t *total = json_deep_copy(json_object_get(fig, "total"));
	json_object_set_new(total, "name", json_string("合计"));
	json_array_append_new(rows, total);
	*out =
	    json_pack("{s:s, s:o, s:o}", "title",
	              json_is_integer(json_object_get(fig, "grad_year")) ? "毕业去向"
	                                                                 : "毕业去向（全部届别）",
	              "columns", cols, "rows", rows);
	json_decref(fig);
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
