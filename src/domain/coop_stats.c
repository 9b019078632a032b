/* The funnel and the figures; see coop_stats.h. */
#include "domain/coop_stats.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "domain/coop_agreements.h"
#include "domain/intern_rules.h"
#include "domain/internship.h"

/* Every act as a row (e, c, and a 1 in its stage's column). */
#define FUNNEL_ACTS                                                                                \
	"SELECT enterprise_id AS e, college_id AS c, 1 AS v, 0 AS t, 0 AS g, 0 AS k, 0 AS ks, 0 "  \
	"AS"                                                                                       \
	" p, 0 AS o, 0 AS h FROM coop_visits WHERE status = 'done'"                                \
	" UNION ALL SELECT enterprise_id, college_id, 0, 1, 0, 0, 0, 0, 0, 0 FROM coop_talks "     \
	"WHERE"                                                                                    \
	" status = 'held'"                                                                         \
	" UNION ALL SELECT enterprise_id, college_id, 0, 0, 1, 0, 0, 0, 0, 0 FROM coop_agreements" \
	" WHERE status <> 'draft'"                                                                 \
	" UNION ALL SELECT enterprise_id, college_id, 0, 0, 0, 1, 0, 0, 0, 0 FROM"                 \
	" coop_order_classes WHERE status <> 'cancelled'"                                          \
	" UNION ALL SELECT k.enterprise_id, k.college_id, 0, 0, 0, 0, 1, 0, 0, 0 FROM"             \
	" coop_order_class_students x JOIN coop_order_classes k ON k.id = x.class_id WHERE"        \
	" k.status <> 'cancelled'"                                                                 \
	" UNION ALL SELECT enterprise_id, college_id, 0, 0, 0, 0, 0, 1, 0, 0 FROM internships "    \
	"WHERE"                                                                                    \
	" status IN ('active', 'ended')"                                                           \
	" UNION ALL SELECT ap.enterprise_id, s.college_id, 0, 0, 0, 0, 0, 0, 1, 0 FROM"            \
	" applications ap JOIN students s ON s.id = ap.student_id WHERE ap.status IN ('offered',"  \
	" 'accepted')"                                                                             \
	" UNION ALL SELECT hh.e, hh.c, 0, 0, 0, 0, 0, 0, 0, 1 FROM (SELECT ap.enterprise_id AS e," \
	" s.college_id AS c, ap.student_id AS st FROM applications ap JOIN students s ON s.id ="   \
	" ap.student_id WHERE ap.status = 'accepted' UNION SELECT enterprise_id, college_id,"      \
	" student_id FROM internships WHERE status = 'ended' AND hired = 1 UNION SELECT"           \
	" k.enterprise_id, k.college_id, x.student_id FROM coop_order_class_students x JOIN"       \
	" coop_order_classes k ON k.id = x.class_id WHERE x.outcome = 'hired') hh"

/* The stages' columns over f (the pairs), summed or not. */
static void stage_columns(struct buf *sql, int sum)
{
	static const char *const cols[][2] = {{"v", "visits"},          {"t", "talks"},
	                                      {"g", "agreements"},      {"k", "order_classes"},
	                                      {"ks", "class_students"}, {"p", "placements"},
	                                      {"o", "offers"},          {"h", "hires"}};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		buf_addf(sql, sum ? "%sCAST(SUM(f.%s) AS BIGINT) AS %s" : "%sf.%s AS %s",
		         i ? ", " : "", cols[i][0], cols[i][1]);
}

/* The funnel's SQL grouped by `by`, in the caller's scope; for an export
 * without the ids. */
static int funnel_sql(const struct actor *a, const char *by, int export, struct buf *sql,
                      struct store_args *args, struct derr *e)
{
	int pair = !strcmp(by, "pair"), ent = !strcmp(by, "enterprise");
	const char *col = ent ? "e" : "c";
	if (!pair && !ent && strcmp(by, "college"))
		return derr_set(e, DERR_INVALID, "by", "by 应为 enterprise、college 或 pair");
	buf_adds(sql, "SELECT ");
	if (pair)
		buf_adds(sql, export ? "oe.name AS enterprise, oc.name AS college, "
		                     : "f.e AS enterprise_id, oe.name AS enterprise, f.c AS"
		                       " college_id, oc.name AS college, ");
	else
		buf_addf(sql, export ? "o.name AS name, " : "f.%s AS org_id, o.name AS name, ",
		         col);
	stage_columns(sql, !pair);
	/* The pairs with a cooperation act, then grouped as asked. */
	buf_adds(sql, " FROM (SELECT x.e, x.c, CAST(SUM(v) AS BIGINT) AS v, CAST(SUM(t) AS BIGINT)"
	              " AS t, CAST(SUM(g) AS BIGINT) AS g, CAST(SUM(k) AS BIGINT) AS k,"
	              " CAST(SUM(ks) AS BIGINT) AS ks, CAST(SUM(p) AS BIGINT) AS p, CAST(SUM(o) AS"
	              " BIGINT) AS o, CAST(SUM(h) AS BIGINT) AS h FROM (" FUNNEL_ACTS ") x WHERE"
	              " 1 = 1");
	coop_scope_sql(a, sql, args, "x.e", "x.c");
	buf_adds(sql,
	         " GROUP BY x.e, x.c HAVING SUM(v) + SUM(t) + SUM(g) + SUM(k) + SUM(p) > 0) f");
	if (pair)
		buf_adds(sql,
		         " JOIN organizations oe ON oe.id = f.e JOIN organizations oc ON oc.id ="
		         " f.c ORDER BY oe.name, oc.name");
	else
		buf_addf(sql,
		         " JOIN organizations o ON o.id = f.%s GROUP BY f.%s, o.name ORDER BY"
		         " SUM(f.h) DESC, o.name",
		         col, col);
	return buf_failed(sql) ? derr_internal(e, "funnel: out of memory") : 0;
}

int coop_funnel(struct store *db, const struct actor *a, const char *by, json_t **out,
                struct derr *e)
{
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	*out = NULL;
	if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE && a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "无权查看合作漏斗");
	if (funnel_sql(a, by, 0, &sql, &args, e)) {
		buf_release(&sql);
		return -1;
	}
	json_t *items = store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	if (!items)
		return derr_store(e, db, "funnel");
	static const char *const stages[] = {"visits",        "talks",          "agreements",
	                                     "order_classes", "class_students", "placements",
	                                     "offers",        "hires",          NULL};
	json_t *totals = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r) for (const char *const *s = stages; *s; s++)
	{
		json_int_t n = json_integer_value(json_object_get(r, *s));
		json_object_set_new(
		    totals, *s, json_integer(json_integer_value(json_object_get(totals, *s)) + n));
	}
	*out = json_pack("{s:s, s:o, s:o}", "by", by, "items", items, "totals", totals);
	return 0;
}

/* Counts of rows by a status column, in the caller's scope: {status: n}. */
static json_t *by_status(struct store *db, const struct actor *a, const char *select_from,
                         const char *ecol, const char *ccol, struct store_args *args)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "%s WHERE 1 = 1", select_from);
	coop_scope_sql(a, &sql, args, ecol, ccol);
	buf_adds(&sql, " GROUP BY 1");
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, args);
	buf_release(&sql);
	json_t *out = rows ? json_object() : NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	    json_object_set(out, coop_str(r, "k"), json_object_get(r, "n"));
	json_decref(rows);
	return out;
}

/* One scalar in the caller's scope. */
static int scalar(struct store *db, const struct actor *a, const char *sql_head, const char *ecol,
                  const char *ccol, struct store_args *args, int64_t *n)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "%s", sql_head);
	coop_scope_sql(a, &sql, args, ecol, ccol);
	int rc = buf_failed(&sql) || store_int64_args(db, n, sql.data, args) != STORE_ROW ? -1 : 0;
	buf_release(&sql);
	return rc;
}

static json_t *visit_figures(struct store *db, const struct actor *a, const char *today, int *bad)
{
	struct store_args a1 = {0}, a2 = {0}, a3 = {0};
	int64_t open = 0, overdue = 0;
	json_t *st = by_status(db, a, "SELECT status AS k, COUNT(*) AS n FROM coop_visits v",
	                       "v.enterprise_id", "v.college_id", &a1);
	store_args_text(&a3, today);
	*bad |=
	    !st ||
	    scalar(db, a,
	           "SELECT COUNT(*) FROM coop_followups f JOIN coop_visits v ON v.id = f.visit_id"
	           " WHERE f.status = 'open'",
	           "v.enterprise_id", "v.college_id", &a2, &open) ||
	    scalar(db, a,
	           "SELECT COUNT(*) FROM coop_followups f JOIN coop_visits v ON v.id = f.visit_id"
	           " WHERE f.status = 'open' AND f.due_on < ?",
	           "v.enterprise_id", "v.college_id", &a3, &overdue);
	return json_pack("{s:o, s:I, s:I}", "by_status", st ? st : json_object(), "followups_open",
	                 (json_int_t)open, "followups_overdue", (json_int_t)overdue);
}

static json_t *agreement_figures(struct store *db, const struct actor *a, const char *today,
                                 int *bad)
{
	struct store_args args = {0};
	json_t *reminders = NULL;
	struct derr e = {0};
	store_args_text(&args, today);
	store_args_text(&args, today);
	json_t *st = by_status(db, a,
	                       "SELECT " COOP_AGREEMENT_STATE " AS k, COUNT(*) AS n FROM"
	                       " coop_agreements a",
	                       "a.enterprise_id", "a.college_id", &args);
	*bad |= !st || coop_agreement_reminders(db, a, COOP_RENEWAL_DAYS, &reminders, &e);
	json_t *expiring = json_object_get(reminders, "expiring");
	json_t *out =
	    json_pack("{s:o, s:i, s:I, s:O}", "by_state", st ? st : json_object(), "renewal_days",
	              COOP_RENEWAL_DAYS, "expiring_count", (json_int_t)json_array_size(expiring),
	              "expiring", expiring ? expiring : json_array());
	json_decref(reminders);
	return out;
}

/* Internships by status, what is overdue, refusals by rule. */
static json_t *intern_figures(struct store *db, const struct actor *a, int *bad)
{
	struct store_args a1 = {0}, a2 = {0}, a3 = {0};
	struct buf sql = BUF_INIT;
	int64_t incidents = 0;
	json_t *st = by_status(db, a, "SELECT status AS k, COUNT(*) AS n FROM internships i",
	                       "i.enterprise_id", "i.college_id", &a1);
	buf_adds(&sql,
	         "SELECT i.id, s.name AS student, ent.name AS enterprise, col.name AS college,"
	         " i.status, i.starts_on, i.ends_on, i.ended_on, (SELECT COUNT(*) FROM"
	         " intern_logs l WHERE l.internship_id = i.id AND l.status <> 'returned') AS"
	         " logs_in, (SELECT COUNT(*) FROM intern_evaluations v WHERE v.internship_id ="
	         " i.id AND v.stage = 'mid') AS mid_evals, (SELECT COUNT(*) FROM"
	         " intern_evaluations v WHERE v.internship_id = i.id AND v.stage = 'final') AS"
	         " final_evals FROM internships i JOIN students s ON s.id = i.student_id JOIN"
	         " organizations ent ON ent.id = i.enterprise_id JOIN organizations col ON"
	         " col.id = i.college_id WHERE i.status IN ('active', 'ended')");
	coop_scope_sql(a, &sql, &a2, "i.enterprise_id", "i.college_id");
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &a2);
	buf_release(&sql);
	json_t *refusals = NULL;
	buf_adds(&sql, "SELECT r.rule, COUNT(*) AS refusals, COUNT(DISTINCT r.internship_id) AS"
	               " internships FROM intern_refusals r JOIN internships i ON i.id ="
	               " r.internship_id WHERE 1 = 1");
	coop_scope_sql(a, &sql, &a3, "i.enterprise_id", "i.college_id");
	buf_adds(&sql, " GROUP BY r.rule ORDER BY COUNT(*) DESC, r.rule");
	refusals = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &a3);
	buf_release(&sql);
	struct store_args a4 = {0};
	*bad |= !st || !rows || !refusals ||
	        scalar(db, a,
	               "SELECT COUNT(*) FROM intern_incidents x JOIN internships i ON i.id ="
	               " x.internship_id WHERE x.status = 'open'",
	               "i.enterprise_id", "i.college_id", &a4, &incidents);
	size_t i;
	json_t *r;
	json_array_foreach(refusals, i, r)
	    json_object_set_new(r, "label", json_string(intern_rule_label(coop_str(r, "rule"))));
	/* Overdue is computed per placement (intern_overdue); the worst listed. */
	int64_t log_weeks = 0, with_logs = 0, evals = 0;
	int32_t today = coop_today();
	json_t *overdue = json_array();
	json_array_foreach(rows, i, r)
	{
		intern_overdue(r, today);
		int64_t l = json_integer_value(json_object_get(r, "overdue_logs"));
		int64_t v = json_integer_value(json_object_get(r, "evaluations_overdue"));
		log_weeks += l;
		with_logs += l > 0;
		evals += v;
		if ((l || v) && json_array_size(overdue) < 100)
			json_array_append(overdue, r);
	}
	json_decref(rows);
	return json_pack("{s:o, s:I, s:I, s:I, s:I, s:o, s:o}", "by_status",
	                 st ? st : json_object(), "overdue_log_weeks", (json_int_t)log_weeks,
	                 "internships_with_overdue_logs", (json_int_t)with_logs,
	                 "evaluations_overdue", (json_int_t)evals, "incidents_open",
	                 (json_int_t)incidents, "refusals_by_rule",
	                 refusals ? refusals : json_array(), "overdue", overdue);
}

int coop_stats(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	char today[DATE_TEXT];
	int bad = 0;
	struct store_args a1 = {0}, a2 = {0};
	*out = NULL;
	if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE && a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "无权查看合作统计");
	coop_today_text(today);
	json_t *visits = visit_figures(db, a, today, &bad);
	json_t *agreements = agreement_figures(db, a, today, &bad);
	json_t *internships = intern_figures(db, a, &bad);
	json_t *talks = by_status(db, a, "SELECT status AS k, COUNT(*) AS n FROM coop_talks t",
	                          "t.enterprise_id", "t.college_id", &a1);
	json_t *classes =
	    by_status(db, a, "SELECT status AS k, COUNT(*) AS n FROM coop_order_classes k",
	              "k.enterprise_id", "k.college_id", &a2);
	*out =
	    json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "today", today, "visits", visits, "talks",
	              talks ? talks : json_object(), "agreements", agreements, "order_classes",
	              classes ? classes : json_object(), "internships", internships);
	if (bad || !talks || !classes || !*out) {
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, "coop stats");
	}
	return 0;
}

int coop_stats_table(struct store *db, const struct actor *a, const char *table, coop_rows_fn write,
                     void *arg, struct derr *e)
{
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE && a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "无权导出合作统计");
	if (!table)
		return derr_set(e, DERR_INVALID, "table", "请指定要导出的表");
	if (!strcmp(table, "agreements"))
		return coop_agreement_export(db, a, write, arg, e);
	if (!strcmp(table, "internships"))
		return intern_export(db, a, write, arg, e);
	if (!strcmp(table, "funnel")) {
		if (funnel_sql(a, "pair", 1, &sql, &args, e)) {
			buf_release(&sql);
			return -1;
		}
	} else if (!strcmp(table, "refusals")) {
		buf_adds(&sql,
		         "SELECT r.at, s.name, col.name, ent.name, r.rule, r.message FROM"
		         " intern_refusals r JOIN internships i ON i.id = r.internship_id JOIN"
		         " students s ON s.id = i.student_id JOIN organizations col ON col.id ="
		         " i.college_id JOIN organizations ent ON ent.id = i.enterprise_id WHERE"
		         " 1 = 1");
		coop_scope_sql(a, &sql, &args, "i.enterprise_id", "i.college_id");
		buf_adds(&sql, " ORDER BY r.at, r.id");
	} else if (!strcmp(table, "visits")) {
		buf_adds(&sql,
		         "SELECT v.starts_at, CASE v.direction WHEN 'to_college' THEN"
		         " '企业走进院校' ELSE '院校走进企业' END, e.name, c.name, v.title, CASE"
		         " v.status WHEN 'planned' THEN '计划中' WHEN 'done' THEN '已开展' ELSE"
		         " '已取消' END, (SELECT COUNT(*) FROM coop_visit_people p WHERE"
		         " p.visit_id = v.id), (SELECT COUNT(*) FROM coop_visit_people p WHERE"
		         " p.visit_id = v.id AND p.checked_in_at IS NOT NULL), (SELECT COUNT(*)"
		         " FROM coop_followups f WHERE f.visit_id = v.id AND f.status = 'open')"
		         " FROM coop_visits v JOIN organizations e ON e.id = v.enterprise_id JOIN"
		         " organizations c ON c.id = v.college_id WHERE 1 = 1");
		coop_scope_sql(a, &sql, &args, "v.enterprise_id", "v.college_id");
		buf_adds(&sql, " ORDER BY v.starts_at, v.id");
	} else {
		return derr_set(e, DERR_INVALID, "table",
		                "table 应为 funnel、agreements、internships、refusals 或 visits");
	}
	return coop_export_sql(db, &sql, &args, write, arg, "coop export", e);
}
