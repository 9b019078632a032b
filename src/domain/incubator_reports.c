/* Monthly reports, reminders, hiring needs, milestones; see incubator_reports.h. */
#include "domain/incubator_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"
#include "domain/incubator_projects.h"
#include "domain/position.h"

#define REPORT_SELECT                                                                              \
	"SELECT r.id, r.project_id, p.name AS project, r.month, r.revenue, r.staff,"               \
	" r.staff_students, r.staff_graduates, r.financing, r.financing_note, r.patents,"          \
	" r.software_copyrights, r.awards, r.need_funding, r.need_space, r.need_hiring,"           \
	" r.submitted_at, r.due_at, r.late, ac.display_name AS submitted_by FROM"                  \
	" incubator_reports r JOIN incubator_projects p ON p.id = r.project_id LEFT JOIN"          \
	" accounts ac ON ac.id = r.submitted_by"

/* The positions made of a report's hiring needs, and the flags as
 * booleans. */
static int shape(struct store *db, json_t *row, struct derr *e)
{
	incubator_decode(row, "need_hiring");
	json_object_set_new(row, "late",
	                    json_boolean(json_integer_value(json_object_get(row, "late"))));
	json_t *hires =
	    store_rows(db,
	               "SELECT need_index, position_id FROM incubator_report_hires WHERE"
	               " report_id = ? ORDER BY need_index",
	               "i", json_integer_value(json_object_get(row, "id")));
	if (!hires)
		return derr_store(e, db, "report hires");
	json_object_set_new(row, "hires", hires);
	return 0;
}

static int report_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	if (derr_found(db, store_row(db, REPORT_SELECT " WHERE r.id = ?", "i", id), out, "report",
	               DERR_NOT_FOUND, NULL, "月报不存在", e))
		return -1;
	if (shape(db, *out, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Checks what the api could not: the staff split and each hiring need. */
static int input_check(const struct incubator_report_input *in, struct derr *e)
{
	if (!incubator_month_valid(in->month))
		return derr_set(e, DERR_INVALID, "month", "月份格式应为 YYYYMM，如 202611");
	if (in->staff_students + in->staff_graduates > in->staff)
		return derr_set(e, DERR_INVALID, "staff_students",
		                "在校生与毕业生人数之和不能超过员工总数");
	size_t i;
	json_t *v;
	json_array_foreach(in->need_hiring, i, v)
	{
		const char *title = json_string_value(json_object_get(v, "title"));
		json_t *n = json_object_get(v, "headcount");
		const char *kind = json_string_value(json_object_get(v, "kind"));
		if (!json_is_object(v) || !title || !*title || strlen(title) > 120 ||
		    !json_is_integer(n) || json_integer_value(n) < 1 ||
		    json_integer_value(n) > 100 ||
		    (kind && strcmp(kind, "全职") && strcmp(kind, "实习") && strcmp(kind, "见习")))
			return derr_codef(
			    e, DERR_INVALID, NULL, "need_hiring",
			    "第 %zu 项用人需求应有岗位名称、人数 1–100，类型为全职、实习或见习",
			    i + 1);
	}
	return 0;
}

int incubator_report_submit(struct store *db, const struct actor *a, int64_t project,
                            const struct incubator_report_input *in, int *created, json_t **out,
                            struct derr *e)
{
	struct incubator_project p;
	struct incubator_settings s;
	int64_t now = now_seconds(), id = 0;
	*out = NULL;
	*created = 0;
	if (input_check(in, e) ||
	    incubator_project_load(db, a, project, INCUBATOR_VIEW_MEMBER, &p, e) ||
	    incubator_settings_load(db, &s, e))
		return -1;
	if (strcmp(p.status, "resident"))
		return derr_set(e, DERR_RULE, "project_id", "只有在孵项目填报月报");
	if (in->month >= incubator_month_of(now))
		return derr_set(e, DERR_RULE, "month", "该月尚未结束，月底后再填报");
	if (in->month < incubator_month_of(p.agreement_start))
		return derr_set(e, DERR_RULE, "month", "该月在入驻协议开始之前");
	int64_t due = incubator_report_due(in->month, s.report_due_day);
	char *hiring = in->need_hiring ? json_dumps(in->need_hiring, JSON_COMPACT) : strdup("[]");
	if (!hiring)
		return derr_internal(e, "report: out of memory");
	if (incubator_begin(db, e)) {
		free(hiring);
		return -1;
	}
	int rc = store_int64(db, &id,
	                     "SELECT id FROM incubator_reports WHERE project_id = ? AND month = ?",
	                     "ii", project, (int64_t)in->month);
	if (rc == STORE_ROW && now >= due && a->role != ROLE_OPERATOR) {
		free(hiring);
		store_rollback(db);
		return derr_code(e, DERR_RULE, "closed", "month",
		                 "已过截止日，月报不能再修改，请联系平台运营");
	}
	if (rc == STORE_ROW)
		rc = store_run(
		         db,
		         "UPDATE incubator_reports SET revenue = ?, staff = ?, staff_students = ?,"
		         " staff_graduates = ?, financing = ?, financing_note = ?, patents = ?,"
		         " software_copyrights = ?, awards = ?, need_funding = ?, need_space = ?,"
		         " need_hiring = ? WHERE id = ?",
		         "iiiiitiitttti", in->revenue, in->staff, in->staff_students,
		         in->staff_graduates, in->financing, in->financing_note, in->patents,
		         in->software_copyrights, in->awards, in->need_funding, in->need_space,
		         hiring, id) == STORE_OK
		         ? STORE_ROW
		         : STORE_ERROR;
	else if (rc == STORE_DONE && (*created = 1))
		rc = store_int64(
		    db, &id,
		    "INSERT INTO incubator_reports (project_id, month, revenue, staff, "
		    "staff_students,"
		    " staff_graduates, financing, financing_note, patents, software_copyrights, "
		    "awards,"
		    " need_funding, need_space, need_hiring, submitted_by, submitted_at, due_at, "
		    "late)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "iiiiiiitiittttiiii", project, (int64_t)in->month, in->revenue, in->staff,
		    in->staff_students, in->staff_graduates, in->financing, in->financing_note,
		    in->patents, in->software_copyrights, in->awards, in->need_funding,
		    in->need_space, hiring, a->id, now, due, (int64_t)(now >= due));
	free(hiring);
	if (rc != STORE_ROW)
		return derr_store(e, db, "report submit");
	char detail[16];
	snprintf(detail, sizeof(detail), "%d", in->month);
	if (audit_write(db, a, *created ? "incubator.report.submit" : "incubator.report.correct",
	                "incubator_project", project, detail, e) ||
	    report_read(db, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "report submit", e);
}

int incubator_report_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                         struct derr *e)
{
	struct incubator_project p;
	int64_t project = 0;
	*out = NULL;
	int rc = store_int64(db, &project, "SELECT project_id FROM incubator_reports WHERE id = ?",
	                     "i", id);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "月报不存在");
	if (rc != STORE_ROW)
		return derr_store(e, db, "report get");
	/* Not seeing the project is not seeing its reports: the same 404. */
	if (incubator_project_load(db, a, project, INCUBATOR_VIEW_NONE, &p, e)) {
		if (e->kind == DERR_NOT_FOUND)
			e->message = "月报不存在";
		return -1;
	}
	return report_read(db, id, out, e);
}

int incubator_reports_list(struct store *db, const struct actor *a,
                           const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	buf_init(&sql);
	buf_adds(&sql, REPORT_SELECT " WHERE 1 = 1");
	incubator_scope(a, "p", &sql, &args);
	const struct incubator_cond c[] = {{" AND r.project_id = ?", f->project_id, NULL},
	                                   {" AND r.month = ?", f->month, NULL},
	                                   {" AND p.site_id = ?", f->site_id, NULL},
	                                   {" AND r.late = 1", 0, NULL}};
	incubator_where(&sql, &args, c, 3);
	if (f->status && !strcmp(f->status, "late"))
		buf_adds(&sql, c[3].sql);
	if (incubator_list_run(db, &sql, &args, "r.month DESC, r.project_id", NULL, items,
	                       "reports", e))
		return -1;
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) if (shape(db, row, e))
	{
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

int incubator_reminders(struct store *db, const struct actor *a, const struct incubator_filter *f,
                        json_t **items, struct derr *e)
{
	struct incubator_settings s;
	struct incubator_filter rf = {
	    .status = "resident", .project_id = f->project_id, .site_id = f->site_id};
	json_t *projects;
	int64_t now = now_seconds();
	int last = incubator_month_of(now);
	*items = NULL;
	if (incubator_settings_load(db, &s, e) || incubator_projects_list(db, a, &rf, &projects, e))
		return -1;
	*items = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p)
	{
		int64_t id = json_integer_value(json_object_get(p, "id"));
		int64_t start = json_integer_value(json_object_get(p, "agreement_start"));
		int64_t end = json_integer_value(json_object_get(p, "agreement_end"));
		json_t *filed = store_rows(
		    db, "SELECT month FROM incubator_reports WHERE project_id = ?", "i", id);
		if (!filed) {
			json_decref(projects);
			return derr_store(e, db, "reminders");
		}
		/* Every ended month of the agreement, and the one running now
		 * (its report is due early next month: "due soon" shows it). */
		for (int m = incubator_month_of(start); m <= last && start;
		     m = incubator_month_next(m)) {
			if (end && incubator_month_start(m) >= end)
				break;
			int have = 0;
			size_t j;
			json_t *r;
			json_array_foreach(filed, j, r) have |=
			    json_integer_value(json_object_get(r, "month")) == m;
			int64_t due = incubator_report_due(m, s.report_due_day);
			enum incubator_report_state st =
			    incubator_report_state(due, now, s.remind_days);
			if (have || m == last || st == INCUBATOR_REPORT_OPEN)
				continue;
			json_t *row = json_pack(
			    "{s:I, s:O, s:i, s:I, s:s}", "project_id", (json_int_t)id, "project",
			    json_object_get(p, "name"), "month", m, "due_at", (json_int_t)due,
			    "state", st == INCUBATOR_REPORT_OVERDUE ? "overdue" : "due_soon");
			incubator_iso(row, "due_at", "due");
			json_array_append_new(*items, row);
		}
		json_decref(filed);
	}
	json_decref(projects);
	return 0;
}

int incubator_report_hire(struct store *db, const struct actor *a, int64_t id, int64_t index,
                          json_t **out, struct derr *e)
{
	struct incubator_project p;
	json_t *report;
	int64_t position = 0;
	*out = NULL;
	if (incubator_report_get(db, a, id, &report, e))
		return -1;
	int64_t project = json_integer_value(json_object_get(report, "project_id"));
	int month = (int)json_integer_value(json_object_get(report, "month"));
	json_t *need = json_array_get(json_object_get(report, "need_hiring"), (size_t)index);
	if (incubator_project_load(db, a, project, INCUBATOR_VIEW_MEMBER, &p, e) || !need) {
		json_decref(report);
		return need ? -1 : derr_set(e, DERR_NOT_FOUND, "need_index", "没有这一项用人需求");
	}
	if (!p.enterprise_id) {
		json_decref(report);
		return derr_code(e, DERR_RULE, "no_enterprise", "project_id",
		                 "项目尚未关联已登记的企业，请联系平台运营关联后再发布岗位");
	}
	char description[512];
	snprintf(description, sizeof(description), "来自入驻项目“%s”%d年%d月月报的用人需求。",
	         p.name, month / 100, month % 100);
	const char *kind = json_string_value(json_object_get(need, "kind"));
	struct position_fields pf = {
	    .title = json_string_value(json_object_get(need, "title")),
	    .kind = kind ? kind : "全职",
	    .description = description,
	    .min_degree = 1,
	    .headcount = json_integer_value(json_object_get(need, "headcount")),
	};
	/* The need's row after the position, in one transaction: a second
	 * call meets the row's key (409) and its position rolls back too.
	 * pf's texts live in report until the position is written. */
	int failed =
	    incubator_begin(db, e) || (position_insert(db, p.enterprise_id, &pf, 0, &position) &&
	                               derr_store(e, db, "hire position"));
	json_decref(report);
	if (failed)
		return incubator_fail(db);
	int rc = store_run(db,
	                   "INSERT INTO incubator_report_hires (report_id, need_index, position_id,"
	                   " created_by, created_at) VALUES (?, ?, ?, ?, ?)",
	                   "iiiii", id, index, position, a->id, now_seconds());
	if (rc == STORE_UNIQUE) {
		int64_t made = 0;
		store_rollback(db);
		if (store_int64(db, &made,
		                "SELECT position_id FROM incubator_report_hires WHERE report_id = ?"
		                " AND need_index = ?",
		                "ii", id, index) != STORE_ROW)
			return derr_store(e, db, "hire made");
		return derr_codef(e, DERR_CONFLICT, "already", "need_index",
		                  "这项需求已发布为岗位草稿（岗位号 %lld）", (long long)made);
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "hire");
	if (audit_write(db, a, "incubator.report.hire", "position", position, NULL, e) ||
	    derr_found(db,
	               store_row(db,
	                         "SELECT id, enterprise_id, title, kind, headcount, status,"
	                         " description FROM positions WHERE id = ?",
	                         "i", position),
	               out, "hire", DERR_INTERNAL, NULL, "", e))
		return incubator_fail(db);
	json_t *answer =
	    json_pack("{s:I, s:o}", "position_id", (json_int_t)position, "position", *out);
	*out = answer;
	return derr_commit(db, out, "hire", e);
}

int incubator_milestone_save(struct store *db, const struct actor *a, int64_t project, int64_t id,
                             const char *title, int64_t due_at, int64_t done_at, const char *note,
                             json_t **out, struct derr *e)
{
	struct incubator_project p;
	int64_t got = 0;
	*out = NULL;
	if (incubator_project_load(db, a, project, INCUBATOR_VIEW_MEMBER, &p, e) ||
	    incubator_begin(db, e))
		return -1;
	int rc =
	    id ? store_int64(db, &got,
	                     "UPDATE incubator_milestones SET title = ?, due_at = ?, done_at = ?,"
	                     " note = ? WHERE id = ? AND project_id = ? RETURNING id",
	                     "tiItii", title, due_at, done_at, note, id, project)
	       : store_int64(db, &got,
	                     "INSERT INTO incubator_milestones (project_id, title, due_at,"
	                     " done_at, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?,"
	                     " ?) RETURNING id",
	                     "itiItii", project, title, due_at, done_at, note, a->id,
	                     now_seconds());
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "里程碑不存在");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "milestone");
	if (audit_write(db, a, "incubator.milestone", "incubator_project", project, NULL, e) ||
	    derr_found(db,
	               store_row(db,
	                         "SELECT id, project_id, title, due_at, done_at, note FROM"
	                         " incubator_milestones WHERE id = ?",
	                         "i", got),
	               out, "milestone", DERR_INTERNAL, NULL, "", e))
		return incubator_fail(db);
	return derr_commit(db, out, "milestone", e);
}
