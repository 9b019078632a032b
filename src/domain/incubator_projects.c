/* Resident projects from application to leaving; see incubator_projects.h. */
#include "domain/incubator_projects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/filestore.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/credit_code.h"
#include "domain/incubator_internal.h"
#include "domain/incubator_sites.h"

#define PROJECT_SELECT                                                                             \
	"SELECT p.id, p.name, p.summary, p.industry, p.source, p.prize_ref, p.company_name,"       \
	" p.credit_code, p.enterprise_id, en.name AS enterprise, p.college_id,"                    \
	" co.name AS college, p.site_id, st.name AS site, p.status, p.mentor_wishes,"              \
	" p.plan_name, p.plan_size, p.plan_at, p.applied_by, p.applied_at, p.reviewed_at,"         \
	" p.review_reason, p.agreement_start, p.agreement_end, p.left_at, p.leave_reason,"         \
	" p.created_at, p.updated_at, (SELECT COUNT(*) FROM incubator_members m WHERE"             \
	" m.project_id = p.id) AS members, (SELECT COUNT(*) FROM incubator_mentors mm WHERE"       \
	" mm.project_id = p.id) AS mentors, (SELECT MAX(r.month) FROM incubator_reports r WHERE"   \
	" r.project_id = p.id) AS last_report, (SELECT COUNT(*) FROM incubator_reports r WHERE"    \
	" r.project_id = p.id AND r.late = 1) AS late_reports FROM incubator_projects p"           \
	" LEFT JOIN organizations en ON en.id = p.enterprise_id"                                   \
	" LEFT JOIN organizations co ON co.id = p.college_id"                                      \
	" LEFT JOIN incubator_sites st ON st.id = p.site_id"

static void shape(json_t *row)
{
	incubator_label_of(row, "status");
	incubator_label_of(row, "source");
	incubator_decode(row, "mentor_wishes");
	json_object_set_new(row, "has_plan",
	                    json_boolean(json_is_string(json_object_get(row, "plan_name"))));
}

int incubator_prize_check(struct store *db, int64_t prize_ref, struct derr *e)
{
	/* The competition area will verify the award here (and reserve a prize
	 * seat); until it lands, any positive reference is kept as given. */
	(void)db;
	return prize_ref > 0 ? 0 : derr_set(e, DERR_INVALID, "prize_ref", "请填写获奖记录编号");
}

/* The rows of project id's page sections, for a. */
static int project_sections(struct store *db, const struct incubator_project *p,
                            const struct actor *a, json_t *out, struct derr *e)
{
	int64_t year = incubator_month_of(now_seconds()) / 100;
	/* A member's masked phone: for those who see the project as more than
	 * college staff, and for college staff their own students'. */
	json_t *members = store_rows(
	    db,
	    "SELECT m.account_id, ac.display_name AS name, m.role, m.joined_at, s.student_no,"
	    " co.name AS college, mj.name AS major, s.grad_year, CASE WHEN ? >= 2 OR"
	    " (? = 1 AND s.college_id = ?) THEN s.phone_masked END AS phone_masked,"
	    " CASE WHEN s.grad_year < ? THEN 1 ELSE 0 END AS graduate FROM incubator_members m"
	    " JOIN accounts ac ON ac.id = m.account_id LEFT JOIN students s ON"
	    " s.account_id = m.account_id LEFT JOIN organizations co ON co.id = s.college_id"
	    " LEFT JOIN dict_majors mj ON mj.code = s.major_code WHERE m.project_id = ?"
	    " ORDER BY m.role DESC, m.joined_at, m.account_id",
	    "iiiii", (int64_t)p->view, (int64_t)p->view, a->org_id, year, p->id);
	json_t *mentors = store_rows(db,
	                             "SELECT mm.mentor_id, ac.display_name AS name, mm.assigned_at"
	                             " FROM incubator_mentors mm JOIN accounts ac ON"
	                             " ac.id = mm.mentor_id WHERE mm.project_id = ? ORDER BY"
	                             " mm.assigned_at",
	                             "i", p->id);
	json_t *seats = store_rows(
	    db,
	    "SELECT sa.id, sa.seat_id, t.label AS seat, t.kind AS seat_kind, z.name AS zone,"
	    " si.name AS site, sa.start_at, sa.end_at FROM incubator_seat_assignments sa JOIN"
	    " incubator_seats t ON t.id = sa.seat_id JOIN incubator_zones z ON z.id = t.zone_id"
	    " JOIN incubator_sites si ON si.id = z.site_id WHERE sa.project_id = ? AND"
	    " sa.status = 'active' AND sa.end_at > ? ORDER BY sa.start_at",
	    "ii", p->id, now_seconds());
	json_t *milestones = store_rows(db,
	                                "SELECT id, title, due_at, done_at, note FROM"
	                                " incubator_milestones WHERE project_id = ? ORDER BY"
	                                " due_at, id",
	                                "i", p->id);
	json_t *history = store_rows(db,
	                             "SELECT ev.from_status, ev.to_status, ev.reason, ev.at,"
	                             " ac.display_name AS actor FROM incubator_project_events ev"
	                             " LEFT JOIN accounts ac ON ac.id = ev.actor_id WHERE"
	                             " ev.project_id = ? ORDER BY ev.id",
	                             "i", p->id);
	json_t *parts[] = {members, mentors, seats, milestones, history};
	const char *keys[] = {"member_list", "mentor_list", "seats", "milestones", "history"};
	int failed = 0;
	for (int i = 0; i < 5; i++) {
		if (!parts[i])
			failed = 1;
		else
			json_object_set_new(out, keys[i], parts[i]);
	}
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m) json_object_set_new(
	    m, "graduate", json_boolean(json_integer_value(json_object_get(m, "graduate"))));
	return failed ? derr_store(e, db, "project sections") : 0;
}

/* The project as its page shows it to a (inside or outside a
 * transaction). */
static int project_read(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e)
{
	struct incubator_project p;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_NONE, &p, e) ||
	    derr_found(db, store_row(db, PROJECT_SELECT " WHERE p.id = ?", "i", id), out,
	               "project read", DERR_NOT_FOUND, NULL, "入驻项目不存在", e))
		return -1;
	shape(*out);
	json_object_set_new(*out, "my_view",
	                    json_string((const char *[]){"none", "college", "mentor", "member",
	                                                 "operator"}[p.view]));
	if (project_sections(db, &p, a, *out, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int incubator_project_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                          struct derr *e)
{
	return project_read(db, a, id, out, e);
}

int incubator_projects_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	char *like = NULL;
	buf_init(&sql);
	buf_adds(&sql, PROJECT_SELECT " WHERE 1 = 1");
	incubator_scope(a, "p", &sql, &args);
	const struct incubator_cond c[] = {
	    {" AND p.site_id = ?", f->site_id, NULL},
	    {" AND p.college_id = ?", f->college_id, NULL},
	    {" AND p.id = ?", f->project_id, NULL},
	    {" AND p.id IN (SELECT project_id FROM incubator_mentors WHERE mentor_id = ?)",
	     f->mentor_id, NULL},
	    {" AND p.status = ?", 0, f->status},
	    {" AND p.name LIKE ? ESCAPE '\\'", 0,
	     f->q ? (like = store_like_contains(f->q)) : NULL}};
	incubator_where(&sql, &args, c, 6);
	int rc = incubator_list_run(db, &sql, &args, "p.id", shape, items, "projects", e);
	free(like);
	return rc;
}

/* ---- writes ---- */

static int record_event(struct store *db, const struct actor *a, int64_t id, const char *from,
                        const char *to, const char *reason, struct derr *e)
{
	if (store_run(db,
	              "INSERT INTO incubator_project_events (project_id, from_status, to_status,"
	              " reason, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
	              "itttii", id, from, to, reason, a->id, now_seconds()) != STORE_OK)
		return derr_store(e, db, "project event");
	return 0;
}

/* The end of every project write: audit row, the page, commit. */
static int finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *detail, json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "incubator_project", id, detail, e) ||
	    project_read(db, a, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, action, e);
}

/* Checks an application's parts that need the database. */
static int application_check(struct store *db, const struct incubator_application *in,
                             struct derr *e)
{
	/* An edit keeps the source (NULL): its checks were the application's. */
	if (in->source && !strcmp(in->source, "prize") &&
	    incubator_prize_check(db, in->prize_ref, e))
		return -1;
	if (in->source && !strcmp(in->source, "company") &&
	    (!in->company_name || !*in->company_name))
		return derr_set(e, DERR_INVALID, "company_name", "请填写企业名称");
	if (in->credit_code && *in->credit_code && !credit_code_valid(in->credit_code))
		return derr_set(e, DERR_INVALID, "credit_code", "统一社会信用代码不正确");
	if (in->site_id && incubator_exists(db, "SELECT COUNT(*) FROM incubator_sites WHERE id = ?",
	                                    in->site_id, "site_id", "孵化基地不存在", e))
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(in->mentor_wishes, i, v) if (
	    incubator_exists(db, "SELECT COUNT(*) FROM accounts WHERE id = ? AND role = 'mentor'",
	                     json_integer_value(v), "mentor_wishes", "所选导师不存在",
	                     e)) return -1;
	return 0;
}

int incubator_project_apply(struct store *db, const struct actor *a,
                            const struct incubator_application *in, json_t **out, struct derr *e)
{
	int64_t college = 0, id = 0, now = now_seconds();
	*out = NULL;
	if (a->role != ROLE_STUDENT)
		return derr_set(e, DERR_FORBIDDEN, NULL, "入驻申请由学生（或毕业生）提交");
	int rc = store_int64(db, &college,
	                     "SELECT college_id FROM students WHERE account_id = ? AND"
	                     " closed_at IS NULL",
	                     "i", a->id);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_RULE, "student", "请先完善学生档案");
	if (rc != STORE_ROW)
		return derr_store(e, db, "applicant");
	if (application_check(db, in, e))
		return -1;
	char *wishes =
	    in->mentor_wishes ? json_dumps(in->mentor_wishes, JSON_COMPACT) : strdup("[]");
	if (!wishes)
		return derr_internal(e, "apply: out of memory");
	rc = incubator_begin(db, e)
	         ? STORE_ERROR
	         : store_int64(db, &id,
	                       "INSERT INTO incubator_projects (name, summary, industry, source,"
	                       " prize_ref, company_name, credit_code, college_id, site_id,"
	                       " mentor_wishes, applied_by, applied_at, created_at, updated_at)"
	                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                       "ttttIttiItiiii", in->name, in->summary ? in->summary : "",
	                       in->industry ? in->industry : "", in->source, in->prize_ref,
	                       in->company_name, in->credit_code, college, in->site_id, wishes,
	                       a->id, now, now, now);
	free(wishes);
	if (rc != STORE_ROW)
		return derr_store(e, db, "apply");
	if (store_run(db,
	              "INSERT INTO incubator_members (project_id, account_id, role, joined_at)"
	              " VALUES (?, ?, 'leader', ?)",
	              "iii", id, a->id, now) != STORE_OK)
		return derr_store(e, db, "apply leader");
	if (record_event(db, a, id, NULL, "applied", NULL, e))
		return incubator_fail(db);
	return finish(db, a, id, "incubator.project.apply", in->source, out, e);
}

/* 1 when a leads project id. */
static int leads(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM incubator_members WHERE project_id = ? AND"
	                " account_id = ? AND role = 'leader'",
	                "ii", id, a->id) != STORE_ROW)
		return derr_store(e, db, "leader");
	return n > 0;
}

int incubator_project_update(struct store *db, const struct actor *a, int64_t id,
                             const struct incubator_application *in, int64_t enterprise_id,
                             json_t **out, struct derr *e)
{
	struct incubator_project p;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_MEMBER, &p, e) ||
	    application_check(db, in, e))
		return -1;
	if (enterprise_id && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, "enterprise_id", "只有平台运营可以关联企业");
	/* A closed file (rejected, withdrawn, graduated, exited) is history:
	 * only the operator corrects it. */
	if (a->role != ROLE_OPERATOR && strcmp(p.status, "applied") && strcmp(p.status, "resident"))
		return derr_codef(e, DERR_RULE, NULL, "status", "项目%s，不能修改",
		                  incubator_label(p.status));
	if (enterprise_id &&
	    incubator_exists(
	        db, "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'enterprise'",
	        enterprise_id, "enterprise_id", "企业不存在", e))
		return -1;
	if (incubator_begin(db, e))
		return -1;
	if (store_run(db,
	              "UPDATE incubator_projects SET name = ?, summary = ?, industry = ?,"
	              " company_name = ?, credit_code = ?, site_id = COALESCE(?, site_id),"
	              " enterprise_id = COALESCE(?, enterprise_id), updated_at = ? WHERE id = ?",
	              "tttttIIii", in->name, in->summary ? in->summary : "",
	              in->industry ? in->industry : "", in->company_name, in->credit_code,
	              in->site_id, enterprise_id, now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "project update");
	return finish(db, a, id, "incubator.project.update", NULL, out, e);
}

/* Moves project p to `to` (from the status read: 409 when someone moved
 * it meanwhile) with extra assignments, inside the open transaction. */
static int step(struct store *db, const struct actor *a, const struct incubator_project *p,
                const char *to, const char *reason, struct derr *e)
{
	int64_t got = 0;
	if (!incubator_project_step_ok(p->status, to))
		return derr_codef(e, DERR_RULE, NULL, "status", "项目%s，不能改为%s",
		                  incubator_label(p->status), incubator_label(to));
	int rc = store_int64(db, &got,
	                     "UPDATE incubator_projects SET status = ?, updated_at = ? WHERE id = ?"
	                     " AND status = ? RETURNING id",
	                     "tiit", to, now_seconds(), p->id, p->status);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_CONFLICT, "status", "项目状态刚被修改，请刷新");
	if (rc != STORE_ROW)
		return derr_store(e, db, "project step");
	return record_event(db, a, p->id, p->status, to, reason, e);
}

int incubator_project_withdraw(struct store *db, const struct actor *a, int64_t id, json_t **out,
                               struct derr *e)
{
	struct incubator_project p;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_MEMBER, &p, e))
		return -1;
	if (p.applied_by != a->id)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有申请人可以撤回申请");
	if (incubator_begin(db, e) || step(db, a, &p, "withdrawn", NULL, e))
		return incubator_fail(db);
	return finish(db, a, id, "incubator.project.withdraw", NULL, out, e);
}

int incubator_project_review(struct store *db, const struct actor *a, int64_t id, int approve,
                             const char *reason, int64_t agreement_start, int64_t agreement_end,
                             int64_t site_id, json_t **out, struct derr *e)
{
	struct incubator_project p;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_OPERATOR, &p, e))
		return -1;
	if (!approve && (!reason || !*reason))
		return derr_set(e, DERR_INVALID, "reason", "请填写不通过的理由");
	if (approve && (!agreement_start || !agreement_end))
		return derr_set(e, DERR_INVALID, "agreement_start", "请填写入驻协议的起止日期");
	if (approve && agreement_end <= agreement_start)
		return derr_set(e, DERR_INVALID, "agreement_end", "协议结束应晚于开始");
	if (approve && site_id &&
	    incubator_exists(db, "SELECT COUNT(*) FROM incubator_sites WHERE id = ?", site_id,
	                     "site_id", "孵化基地不存在", e))
		return -1;
	if (incubator_begin(db, e) || step(db, a, &p, approve ? "resident" : "rejected", reason, e))
		return incubator_fail(db);
	if (store_run(db,
	              "UPDATE incubator_projects SET reviewed_by = ?, reviewed_at = ?,"
	              " review_reason = ?, agreement_start = ?, agreement_end = ?,"
	              " site_id = COALESCE(?, site_id) WHERE id = ?",
	              "iitIIIi", a->id, now_seconds(), reason, approve ? agreement_start : 0,
	              approve ? agreement_end : 0, approve ? site_id : 0, id) != STORE_OK)
		return derr_store(e, db, "review");
	return finish(db, a, id, "incubator.project.review", approve ? "approved" : "rejected", out,
	              e);
}

/* ---- graduation and exit ---- */

/* The figures graduation is judged on, and the verdict. */
static int grad_figures(struct store *db, const struct incubator_project *p, int64_t now,
                        struct incubator_grad_figures *f, struct incubator_grad_rules *r,
                        struct derr *e)
{
	struct incubator_settings s;
	int month = incubator_month_of(now);
	int year_ago = month - 100; /* the same month a year before */
	if (incubator_settings_load(db, &s, e))
		return -1;
	*r = (struct incubator_grad_rules){s.grad_all, s.grad_min_revenue, s.grad_min_financing,
	                                   s.grad_min_months};
	*f = (struct incubator_grad_figures){0};
	if (store_int64(db, &f->revenue,
	                "SELECT COALESCE(SUM(revenue), 0) FROM incubator_reports WHERE"
	                " project_id = ? AND month >= ?",
	                "ii", p->id, (int64_t)year_ago) != STORE_ROW ||
	    store_int64(db, &f->financing,
	                "SELECT COALESCE(SUM(financing), 0) FROM incubator_reports WHERE"
	                " project_id = ?",
	                "i", p->id) != STORE_ROW)
		return derr_store(e, db, "graduation figures");
	if (p->agreement_start && p->agreement_start < now) {
		int from = incubator_month_of(p->agreement_start);
		f->months = (month / 100 - from / 100) * 12 + month % 100 - from % 100;
	}
	return 0;
}

static const char *criterion_label(const char *key)
{
	return !strcmp(key, "revenue")     ? "近12个月营业收入"
	       : !strcmp(key, "financing") ? "累计融资"
	                                   : "在孵时间";
}

int incubator_project_graduation(struct store *db, const struct actor *a, int64_t id, json_t **out,
                                 struct derr *e)
{
	struct incubator_project p;
	struct incubator_grad_figures f;
	struct incubator_grad_rules r;
	const char *unmet[3];
	int n;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_MENTOR, &p, e) ||
	    grad_figures(db, &p, now_seconds(), &f, &r, e))
		return -1;
	int ok = incubator_graduation_ok(&r, &f, unmet, &n);
	json_t *list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_string(unmet[i]));
	*out = json_pack("{s:b, s:o, s:{s:I, s:I, s:i}, s:{s:s, s:I, s:I, s:i}}", "eligible", ok,
	                 "unmet", list, "figures", "revenue", (json_int_t)f.revenue, "financing",
	                 (json_int_t)f.financing, "months", f.months, "criteria", "rule",
	                 r.all ? "all" : "any", "min_revenue", (json_int_t)r.min_revenue,
	                 "min_financing", (json_int_t)r.min_financing, "min_months", r.min_months);
	return 0;
}

int incubator_project_leave(struct store *db, const struct actor *a, int64_t id, const char *kind,
                            const char *reason, int override, json_t **out, struct derr *e)
{
	struct incubator_project p;
	struct incubator_grad_figures f;
	struct incubator_grad_rules r;
	const char *unmet[3];
	int n;
	int64_t t = now_seconds();
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_OPERATOR, &p, e))
		return -1;
	int graduate = !strcmp(kind, "graduated");
	if (!graduate && strcmp(kind, "exited"))
		return derr_set(e, DERR_INVALID, "kind", "kind 应为 graduated 或 exited");
	if ((!graduate || override) && (!reason || !*reason))
		return derr_set(e, DERR_INVALID, "reason", "请填写原因");
	if (graduate && !override) {
		if (grad_figures(db, &p, t, &f, &r, e))
			return -1;
		if (!incubator_graduation_ok(&r, &f, unmet, &n)) {
			char text[160] = "";
			for (int i = 0; i < n; i++)
				snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s",
				         i ? "、" : "", criterion_label(unmet[i]));
			return derr_codef(e, DERR_RULE, "criteria", "kind", "未达到毕业条件：%s",
			                  text);
		}
	}
	if (incubator_begin(db, e) || step(db, a, &p, kind, reason, e) ||
	    incubator_seats_free(db, id, t, e))
		return incubator_fail(db);
	/* Leaving ends the project's future bookings too. */
	if (store_run(db,
	              "UPDATE incubator_projects SET left_at = ?, leave_reason = ? WHERE id = ?",
	              "iti", t, reason, id) != STORE_OK ||
	    store_run(db,
	              "UPDATE incubator_bookings SET status = 'cancelled', cancelled_at = ?,"
	              " cancelled_by = ?, updated_at = ? WHERE project_id = ? AND start_at > ? AND"
	              " status IN ('held', 'confirmed')",
	              "iiiii", t, a->id, t, id, t) != STORE_OK)
		return derr_store(e, db, "leave");
	return finish(db, a, id, "incubator.project.leave", kind, out, e);
}

/* ---- members ---- */

/* 0 when a may change project p's members: its leader or the operator. */
static int member_admin(struct store *db, const struct actor *a, const struct incubator_project *p,
                        struct derr *e)
{
	if (strcmp(p->status, "applied") && strcmp(p->status, "resident"))
		return derr_codef(e, DERR_RULE, NULL, "status", "项目%s，不能调整成员",
		                  incubator_label(p->status));
	if (a->role == ROLE_OPERATOR)
		return 0;
	int l = leads(db, a, p->id, e);
	return l < 0 ? -1 : l ? 0 : derr_set(e, DERR_FORBIDDEN, NULL, "只有项目负责人可以调整成员");
}

int incubator_member_add(struct store *db, const struct actor *a, int64_t id, const char *login,
                         const char *name, json_t **out, struct derr *e)
{
	struct incubator_project p;
	int64_t account = 0;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_MEMBER, &p, e) ||
	    member_admin(db, a, &p, e))
		return -1;
	/* Login and name together: a login alone would let anyone probe
	 * which accounts exist. */
	int rc = store_int64(db, &account,
	                     "SELECT id FROM accounts WHERE login = ? AND display_name = ? AND"
	                     " role = 'student' AND status = 'active'",
	                     "tt", login, name);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, "login",
		                "未找到该学生账号（登录名与姓名须一致）");
	if (rc != STORE_ROW || incubator_begin(db, e))
		return rc != STORE_ROW ? derr_store(e, db, "member") : -1;
	rc = store_run(db,
	               "INSERT INTO incubator_members (project_id, account_id, role, joined_at)"
	               " VALUES (?, ?, 'member', ?)",
	               "iii", id, account, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "login", "该学生已是项目成员");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "member add");
	return finish(db, a, id, "incubator.member.add", NULL, out, e);
}

int incubator_member_remove(struct store *db, const struct actor *a, int64_t id, int64_t account_id,
                            json_t **out, struct derr *e)
{
	struct incubator_project p;
	int64_t got = 0;
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_MEMBER, &p, e))
		return -1;
	/* A member may leave; the leader or the operator may remove. */
	if (account_id != a->id && member_admin(db, a, &p, e))
		return -1;
	if (incubator_begin(db, e))
		return -1;
	int rc = store_int64(db, &got,
	                     "DELETE FROM incubator_members WHERE project_id = ? AND account_id = ?"
	                     " AND role = 'member' RETURNING account_id",
	                     "ii", id, account_id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, "account_id",
		                "不是项目成员，或是项目负责人（不能移除）");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "member remove");
	/* A member who left sees the project no more: answer as the operator
	 * would only to the operator; others get the short answer. */
	if (account_id == a->id && a->role != ROLE_OPERATOR) {
		if (audit_write(db, a, "incubator.member.remove", "incubator_project", id, NULL, e))
			return incubator_fail(db);
		*out = json_pack("{s:b}", "left", 1);
		return derr_commit(db, out, "member remove", e);
	}
	return finish(db, a, id, "incubator.member.remove", NULL, out, e);
}

/* ---- the business plan ---- */

int incubator_plan_upload(struct store *db, const struct actor *a, int64_t id, const void *data,
                          size_t len, const char *filename, json_t **out, struct derr *e)
{
	struct incubator_project p;
	struct incubator_settings s;
	char sha[65];
	*out = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_MEMBER, &p, e) ||
	    incubator_settings_load(db, &s, e))
		return -1;
	if (!filestore_dir())
		return derr_code(e, DERR_UNAVAILABLE, "no_files", NULL, "服务器未配置文件存储");
	if (len < 5 || memcmp(data, "%PDF-", 5))
		return derr_set(e, DERR_INVALID, "file", "商业计划书须为 PDF 文件");
	if ((int64_t)len > s.plan_max_bytes)
		return derr_codef(e, DERR_RULE, "too_large", "file", "文件不能超过 %lld MB",
		                  (long long)(s.plan_max_bytes >> 20));
	if (filestore_put(data, len, sha))
		return derr_internal(e, "plan: the file could not be written");
	if (incubator_begin(db, e))
		return -1;
	if (store_run(db,
	              "UPDATE incubator_projects SET plan_sha256 = ?, plan_size = ?, plan_name = ?,"
	              " plan_at = ?, updated_at = ? WHERE id = ?",
	              "titiii", sha, (int64_t)len, filename ? filename : "商业计划书.pdf",
	              now_seconds(), now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "plan upload");
	return finish(db, a, id, "incubator.plan.upload", sha, out, e);
}

int incubator_plan_open(struct store *db, const struct actor *a, int64_t id, int *fd, size_t *len,
                        json_t **name, struct derr *e)
{
	struct incubator_project p;
	json_t *row;
	*name = NULL;
	if (incubator_project_load(db, a, id, INCUBATOR_VIEW_NONE, &p, e))
		return -1;
	if (p.view < INCUBATOR_VIEW_MENTOR)
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                "商业计划书仅对项目成员、导师和平台运营开放");
	if (derr_found(
	        db,
	        store_row(db,
	                  "SELECT plan_sha256, plan_name FROM incubator_projects WHERE id = ?"
	                  " AND plan_sha256 IS NOT NULL",
	                  "i", id),
	        &row, "plan", DERR_NOT_FOUND, NULL, "尚未上传商业计划书", e))
		return -1;
	if (filestore_open(json_string_value(json_object_get(row, "plan_sha256")), fd, len)) {
		json_decref(row);
		return derr_internal(e, "plan: the file is missing");
	}
	/* Every view of the plan is audited (a business secret). */
	if (incubator_begin(db, e) ||
	    audit_write(db, a, "incubator.plan.view", "incubator_project", id, NULL, e) ||
	    derr_commit(db, NULL, "plan view", e)) {
		close(*fd);
		json_decref(row);
		return incubator_fail(db);
	}
	*name = json_incref(json_object_get(row, "plan_name"));
	json_decref(row);
	return 0;
}
