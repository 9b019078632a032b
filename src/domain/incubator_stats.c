/* The operator's dashboard, the national indicators, settings; see incubator_stats.h. */
#include "domain/incubator_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"
#include "domain/incubator_reports.h"
#include "domain/incubator_sites.h"

/* The indicators: which set, key, words, unit, default target (value >=
 * target is met).  Sources in incubator_stats.h. */
static const struct indicator {
	const char *set, *key, *label, *unit;
	double target;
} indicators[] = {
    {"incubator", "area_m2", "可自主支配的孵化场地面积", "m²", 10000},
    {"incubator", "incubated_area_share", "在孵企业使用面积占比（含公共服务面积）", "%", 75},
    {"incubator", "financed_share", "获得投融资的在孵企业占比", "%", 10},
    {"incubator", "financing_cases", "获得投融资的在孵企业（资金使用案例）", "家", 3},
    {"incubator", "mentors_per_10", "每10家在孵企业配备的创业导师", "名", 1},
    {"incubator", "patent_share", "已申请专利的在孵企业占比", "%", 50},
    {"incubator", "ip_share", "拥有知识产权的在孵企业占比", "%", 30},
    {"incubator", "graduates", "累计毕业企业", "家", 20},
    {"makerspace", "service_area_m2", "服务场地面积", "m²", 500},
    {"makerspace", "desks", "创业工位", "个", 30},
    {"makerspace", "teams", "在孵创业团队和初创企业", "个", 20},
    {"makerspace", "activities_year", "近12个月举办的创新创业活动", "场", 12},
    {"makerspace", "mentors", "创业导师", "名", 5},
    {"makerspace", "financed_teams", "获得投融资的团队和企业", "个", 3},
};
#define NINDICATORS (sizeof(indicators) / sizeof(indicators[0]))

/* The dashboard and its tables are the operator's and the officers'. */
static int dashboard_role(const struct actor *a, struct derr *e)
{
	return a->role == ROLE_OPERATOR || a->role == ROLE_OFFICER
	           ? 0
	           : derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营和政务人员可以查看孵化统计");
}

/* One integer figure by SQL (with now bound to each '?'). */
static int figure(struct store *db, const char *sql, int64_t now, int64_t *out, struct derr *e)
{
	int nq = 0;
	for (const char *p = sql; *p; p++)
		nq += *p == '?';
	int rc = nq == 0   ? store_int64(db, out, sql, "")
	         : nq == 1 ? store_int64(db, out, sql, "i", now)
	                   : store_int64(db, out, sql, "ii", now, now);
	return rc == STORE_ROW ? 0 : derr_store(e, db, "figure");
}

/* The raw figures the indicators are computed from. */
struct figures {
	int64_t area, seat_area, room_area, residents, financed, patents, ip, mentors;
	int64_t graduates, desks, activities;
};

static int figures_read(struct store *db, int64_t now, struct figures *f, struct derr *e)
{
	struct {
		int64_t *out;
		const char *sql;
	} q[] = {
	    {&f->area, "SELECT CAST(COALESCE(SUM(area_m2), 0) AS BIGINT) FROM incubator_sites"},
	    {&f->seat_area,
	     "SELECT CAST(COALESCE(SUM(t.area_m2), 0) AS BIGINT) FROM incubator_seats t"
	     " WHERE EXISTS (SELECT 1 FROM incubator_seat_assignments sa WHERE"
	     " sa.seat_id = t.id AND sa.status = 'active' AND sa.start_at <= ? AND"
	     " sa.end_at > ?)"},
	    {&f->room_area,
	     "SELECT CAST(COALESCE(SUM(area_m2), 0) AS BIGINT) FROM incubator_rooms"},
	    {&f->residents, "SELECT COUNT(*) FROM incubator_projects WHERE status = 'resident'"},
	    {&f->financed,
	     "SELECT COUNT(*) FROM incubator_projects p WHERE p.status = 'resident'"
	     " AND EXISTS (SELECT 1 FROM incubator_reports r WHERE r.project_id = p.id"
	     " AND r.financing > 0)"},
	    {&f->patents, "SELECT COUNT(*) FROM incubator_projects p WHERE p.status = 'resident'"
	                  " AND EXISTS (SELECT 1 FROM incubator_reports r WHERE r.project_id = p.id"
	                  " AND r.patents > 0)"},
	    {&f->ip, "SELECT COUNT(*) FROM incubator_projects p WHERE p.status = 'resident' AND"
	             " EXISTS (SELECT 1 FROM incubator_reports r WHERE r.project_id = p.id AND"
	             " (r.patents > 0 OR r.software_copyrights > 0))"},
	    {&f->mentors, "SELECT COUNT(DISTINCT mm.mentor_id) FROM incubator_mentors mm JOIN"
	                  " incubator_projects p ON p.id = mm.project_id WHERE p.status ="
	                  " 'resident'"},
	    {&f->graduates, "SELECT COUNT(*) FROM incubator_projects WHERE status = 'graduated'"},
	    {&f->desks, "SELECT COUNT(*) FROM incubator_seats WHERE kind = 'desk'"},
	    {&f->activities, "SELECT COUNT(*) FROM incubator_activities WHERE status <> 'cancelled'"
	                     " AND starts_at <= ? AND starts_at > ? - 365 * 86400"},
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (figure(db, q[i].sql, now, q[i].out, e))
			return -1;
	return 0;
}

static double percent(int64_t part, int64_t whole)
{
	return whole ? round(part * 1000.0 / whole) / 10 : 0;
}

static double value_of(const struct figures *f, const char *key)
{
	const struct {
		const char *key;
		double v;
	} v[] = {
	    {"area_m2", (double)f->area},
	    {"incubated_area_share", percent(f->seat_area + f->room_area, f->area)},
	    {"financed_share", percent(f->financed, f->residents)},
	    {"financing_cases", (double)f->financed},
	    {"mentors_per_10", f->residents ? round(f->mentors * 100.0 / f->residents) / 10 : 0},
	    {"patent_share", percent(f->patents, f->residents)},
	    {"ip_share", percent(f->ip, f->residents)},
	    {"graduates", (double)f->graduates},
	    {"service_area_m2", (double)f->area},
	    {"desks", (double)f->desks},
	    {"teams", (double)f->residents},
	    {"activities_year", (double)f->activities},
	    {"mentors", (double)f->mentors},
	    {"financed_teams", (double)f->financed},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcmp(v[i].key, key))
			return v[i].v;
	return 0;
}

/* The operator's targets ({} when none set). */
static int targets_load(struct store *db, json_t **targets, struct derr *e)
{
	json_t *row = store_row(db, "SELECT targets FROM incubator_settings WHERE id = 1", "");
	const char *text = json_string_value(json_object_get(row, "targets"));
	*targets = text ? json_loads(text, 0, NULL) : NULL;
	json_decref(row);
	if (!row)
		return derr_store(e, db, "targets");
	if (!json_is_object(*targets)) {
		json_decref(*targets);
		*targets = json_object();
	}
	return 0;
}

/* A number as JSON: an integer when it is one. */
static json_t *number(double v)
{
	return v == floor(v) && fabs(v) < 9e15 ? json_integer((json_int_t)v) : json_real(v);
}

int incubator_indicators_list(struct store *db, const struct actor *a,
                              const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct figures fig;
	json_t *targets;
	(void)f;
	*items = NULL;
	if (dashboard_role(a, e) || figures_read(db, now_seconds(), &fig, e) ||
	    targets_load(db, &targets, e))
		return -1;
	*items = json_array();
	for (size_t i = 0; i < NINDICATORS; i++) {
		const struct indicator *d = &indicators[i];
		json_t *t = json_object_get(targets, d->key);
		double target = json_is_number(t) ? json_number_value(t) : d->target;
		double v = value_of(&fig, d->key);
		json_array_append_new(
		    *items, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b}", "set", d->set, "key",
		                      d->key, "label", d->label, "unit", d->unit, "value",
		                      number(v), "target", number(target), "met", v >= target));
	}
	json_decref(targets);
	return 0;
}

int incubator_months_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                          json_t **items, struct derr *e)
{
	int last = incubator_month_of(now_seconds());
	*items = NULL;
	if (dashboard_role(a, e))
		return -1;
	*items = store_rows(
	    db,
	    "SELECT r.month, COUNT(*) AS reports, CAST(SUM(r.revenue) AS BIGINT) AS revenue,"
	    " CAST(SUM(r.staff) AS BIGINT) AS jobs, CAST(SUM(r.staff_students) AS BIGINT) AS"
	    " jobs_students, CAST(SUM(r.staff_graduates) AS BIGINT) AS jobs_graduates,"
	    " CAST(SUM(r.financing) AS BIGINT) AS financing, CAST(SUM(r.patents) AS BIGINT) AS"
	    " patents FROM incubator_reports r JOIN incubator_projects p ON p.id = r.project_id"
	    " WHERE r.month >= ? AND r.month < ? AND (? = 0 OR p.site_id = ?) GROUP BY r.month"
	    " ORDER BY r.month",
	    "iiii", (int64_t)(last - 100), (int64_t)last, f->site_id, f->site_id);
	return *items ? 0 : derr_store(e, db, "months");
}

int incubator_residents_list(struct store *db, const struct actor *a,
                             const struct incubator_filter *f, json_t **items, struct derr *e)
{
	(void)f;
	*items = NULL;
	if (dashboard_role(a, e))
		return -1;
	*items = store_rows(
	    db,
	    "SELECT s.id AS site_id, s.name AS site, s.kind, c.name AS college, (SELECT COUNT(*)"
	    " FROM incubator_projects p WHERE p.site_id = s.id AND p.status = 'resident') AS"
	    " residents, (SELECT COUNT(*) FROM incubator_projects p WHERE p.site_id = s.id AND"
	    " p.status = 'applied') AS applied, (SELECT COUNT(*) FROM incubator_projects p WHERE"
	    " p.site_id = s.id AND p.status = 'graduated') AS graduated, (SELECT COUNT(*) FROM"
	    " incubator_projects p WHERE p.site_id = s.id AND p.status = 'exited') AS exited FROM"
	    " incubator_sites s LEFT JOIN organizations c ON c.id = s.college_id ORDER BY CASE"
	    " s.kind WHEN 'hq' THEN 0 ELSE 1 END, s.id",
	    "");
	return *items ? 0 : derr_store(e, db, "residents per site");
}

/* Activities, services, reports, mentors: the dashboard's smaller parts. */
static int summaries(struct store *db, const struct actor *a, int64_t now, json_t *out,
                     struct derr *e)
{
	struct incubator_settings s;
	struct incubator_filter none = {0};
	int64_t v[9];
	const char *const sql[] = {
	    "SELECT COUNT(*) FROM incubator_activities WHERE status <> 'cancelled' AND ends_at <= "
	    "?",
	    "SELECT COUNT(*) FROM incubator_activities WHERE status IN ('open', 'closed') AND"
	    " ends_at > ?",
	    "SELECT COUNT(*) FROM incubator_registrations WHERE status = 'registered'",
	    "SELECT COUNT(*) FROM incubator_registrations WHERE checked_in_at IS NOT NULL",
	    "SELECT COUNT(*) FROM incubator_services WHERE status IN ('requested', 'assigned')",
	    "SELECT COUNT(*) FROM incubator_services WHERE status = 'done'",
	    "SELECT COUNT(*) FROM incubator_reports WHERE late = 1",
	    "SELECT COUNT(*) FROM incubator_projects WHERE status = 'resident'",
	    "SELECT COUNT(DISTINCT mm.mentor_id) FROM incubator_mentors mm JOIN incubator_projects"
	    " p ON p.id = mm.project_id WHERE p.status = 'resident'",
	};
	json_t *reminders;
	/* The board's figures are the whole incubator's for every reader (the
	 * officer sees no project by name, yet the same totals as the
	 * operator): the overdue reports are counted over every project. */
	struct actor board = *a;
	board.role = ROLE_OPERATOR;
	for (int i = 0; i < 9; i++)
		if (figure(db, sql[i], now, &v[i], e))
			return -1;
	if (incubator_settings_load(db, &s, e) ||
	    incubator_reminders(db, &board, &none, &reminders, e))
		return -1;
	size_t overdue = 0, i;
	json_t *r;
	json_array_foreach(reminders, i, r) overdue +=
	    !strcmp(json_string_value(json_object_get(r, "state")), "overdue");
	json_decref(reminders);
	json_object_set_new(out, "activities",
	                    json_pack("{s:I, s:I, s:I, s:I}", "held", (json_int_t)v[0], "upcoming",
	                              (json_int_t)v[1], "registrations", (json_int_t)v[2],
	                              "attendances", (json_int_t)v[3]));
	json_object_set_new(
	    out, "services",
	    json_pack("{s:I, s:I}", "open", (json_int_t)v[4], "done", (json_int_t)v[5]));
	json_object_set_new(
	    out, "reports",
	    json_pack("{s:I, s:I}", "late", (json_int_t)v[6], "overdue", (json_int_t)overdue));
	json_object_set_new(
	    out, "mentors",
	    json_pack("{s:I, s:I, s:o, s:i, s:b}", "mentors", (json_int_t)v[8], "projects",
	              (json_int_t)v[7], "projects_per_mentor",
	              number(v[8] ? round(v[7] * 10.0 / v[8]) / 10 : 0), "required_per",
	              s.mentor_per_projects, "ok",
	              incubator_mentor_ratio_ok(v[8], v[7], s.mentor_per_projects)));
	return 0;
}

int incubator_dashboard(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	struct incubator_filter none = {0};
	json_t *parts[4] = {NULL};
	const char *keys[] = {"occupancy", "residents_per_site", "months", "indicators"};
	*out = NULL;
	if (dashboard_role(a, e))
		return -1;
	if (incubator_occupancy(db, a, &none, &parts[0], e) ||
	    incubator_residents_list(db, a, &none, &parts[1], e) ||
	    incubator_months_list(db, a, &none, &parts[2], e) ||
	    incubator_indicators_list(db, a, &none, &parts[3], e)) {
		for (int i = 0; i < 4; i++)
			json_decref(parts[i]);
		return -1;
	}
	*out = json_object();
	for (int i = 0; i < 4; i++)
		json_object_set_new(*out, keys[i], parts[i]);
	if (summaries(db, a, now_seconds(), *out, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* ---- settings ---- */

int incubator_settings_get(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	json_t *targets;
	*out = NULL;
	if (targets_load(db, &targets, e) ||
	    derr_found(
	        db,
	        store_row(db,
	                  "SELECT report_due_day, remind_days, mentor_per_projects, grad_rule,"
	                  " grad_min_revenue, grad_min_financing, grad_min_months,"
	                  " plan_max_bytes, updated_at FROM incubator_settings WHERE id = 1",
	                  ""),
	        out, "settings", DERR_INTERNAL, NULL, "", e)) {
		json_decref(targets);
		return -1;
	}
	(void)a;
	/* The targets in force: the defaults with the operator's over them. */
	json_t *all = json_array();
	for (size_t i = 0; i < NINDICATORS; i++) {
		json_t *t = json_object_get(targets, indicators[i].key);
		json_array_append_new(
		    all,
		    json_pack(
		        "{s:s, s:s, s:s, s:s, s:o, s:o, s:b}", "set", indicators[i].set, "key",
		        indicators[i].key, "label", indicators[i].label, "unit", indicators[i].unit,
		        "target", json_is_number(t) ? json_incref(t) : number(indicators[i].target),
		        "default", number(indicators[i].target), "overridden", json_is_number(t)));
	}
	json_decref(targets);
	json_object_set_new(*out, "targets", all);
	return 0;
}

int incubator_settings_set(struct store *db, const struct actor *a,
                           const struct incubator_settings_input *in, json_t **out, struct derr *e)
{
	*out = NULL;
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营可以修改孵化设置");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)in->targets, key, v)
	{
		size_t i = 0;
		while (i < NINDICATORS && strcmp(indicators[i].key, key))
			i++;
		if (i == NINDICATORS)
			return derr_codef(e, DERR_INVALID, NULL, "targets", "未知的指标：%s", key);
		if (!json_is_number(v) || json_number_value(v) < 0)
			return derr_codef(e, DERR_INVALID, NULL, "targets",
			                  "指标 %s 的目标应为非负数", key);
	}
	char *targets = in->targets ? json_dumps(in->targets, JSON_COMPACT) : NULL;
	if (incubator_begin(db, e)) {
		free(targets);
		return -1;
	}
	int rc =
	    store_run(db,
	              "UPDATE incubator_settings SET report_due_day = ?, remind_days = ?,"
	              " mentor_per_projects = ?, grad_rule = ?, grad_min_revenue = ?,"
	              " grad_min_financing = ?, grad_min_months = ?, plan_max_bytes = ?,"
	              " targets = COALESCE(?, targets), updated_by = ?, updated_at = ?"
	              " WHERE id = 1",
	              "iiitiiiitii", in->report_due_day, in->remind_days, in->mentor_per_projects,
	              in->grad_rule, in->grad_min_revenue, in->grad_min_financing,
	              in->grad_min_months, in->plan_max_bytes, targets, a->id, now_seconds());
	free(targets);
	if (rc != STORE_OK)
		return derr_store(e, db, "settings");
	if (audit_write(db, a, "incubator.settings", "incubator_settings", 1, NULL, e) ||
	    incubator_settings_get(db, a, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "settings", e);
}
