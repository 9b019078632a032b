/* Internship placements and the rules before they start; see internship.h. */
#include "domain/internship.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/coop_files.h"
#include "domain/intern_rules.h"
#include "domain/pii.h"

#define INTERN_SELECT                                                                              \
	"SELECT i.id, i.student_id, s.name AS student, s.student_no, s.major_code, m.name AS"      \
	" major, s.grad_year, i.college_id, col.name AS college, i.enterprise_id, ent.name AS"     \
	" enterprise, i.post_id, p.title AS post, p.city_code, ci.name AS city, i.starts_on,"      \
	" i.ends_on, i.monthly_pay, i.pay_cycle, i.pay_to, i.fees_charged, i.local_min_wage,"      \
	" i.over_six_reason, i.instructor_id, ins.display_name AS instructor, i.mentor_id,"        \
	" men.display_name AS mentor, i.agreement_signed_on, i.guardian_consent_on,"               \
	" i.agreement_file_id, i.status, i.started_at, i.ended_on, i.end_reason, i.hired,"         \
	" i.application_id, i.created_at, i.updated_at, (SELECT COUNT(*) FROM intern_logs l WHERE" \
	" l.internship_id = i.id AND l.status <> 'returned') AS logs_in, (SELECT COUNT(*) FROM"    \
	" intern_logs l WHERE l.internship_id = i.id AND l.status = 'submitted') AS logs_pending," \
	" (SELECT COUNT(*) FROM intern_evaluations v WHERE v.internship_id = i.id AND v.stage ="   \
	" 'mid') AS mid_evals, (SELECT COUNT(*) FROM intern_evaluations v WHERE v.internship_id =" \
	" i.id AND v.stage = 'final') AS final_evals, (SELECT COUNT(*) FROM intern_incidents x"    \
	" WHERE x.internship_id = i.id AND x.status = 'open') AS incidents_open FROM internships " \
	"i"                                                                                        \
	" JOIN students s ON s.id = i.student_id LEFT JOIN dict_majors m ON m.code ="              \
	" s.major_code JOIN organizations col ON col.id = i.college_id JOIN organizations ent ON"  \
	" ent.id = i.enterprise_id JOIN intern_posts p ON p.id = i.post_id LEFT JOIN dict_cities"  \
	" ci ON ci.code = p.city_code LEFT JOIN accounts ins ON ins.id = i.instructor_id LEFT "    \
	"JOIN"                                                                                     \
	" accounts men ON men.id = i.mentor_id"

/* A week's log is due three days after its Sunday. */
#define LOG_GRACE_DAYS 3
/* Evaluations are due a week after the middle (mid) and two after the end. */
#define MID_GRACE_DAYS   7
#define FINAL_GRACE_DAYS 14

void intern_overdue(json_t *row, int32_t today)
{
	int32_t s, t;
	int64_t logs = 0, evals = 0;
	const char *status = coop_str(row, "status");
	if ((!strcmp(status, "active") || !strcmp(status, "ended")) &&
	    !date_parse(coop_str(row, "starts_on"), &s) &&
	    !date_parse(coop_str(row, "ends_on"), &t)) {
		int32_t ended;
		if (!strcmp(status, "ended") && !date_parse(coop_str(row, "ended_on"), &ended) &&
		    ended < t)
			t = ended;
		int32_t first = date_week_start(s), last = today - 7 - LOG_GRACE_DAYS;
		if (last > t)
			last = t;
		int64_t due = last >= first ? (date_week_start(last) - first) / 7 + 1 : 0;
		logs = due - json_integer_value(json_object_get(row, "logs_in"));
		if (logs < 0)
			logs = 0;
		if (today > s + (t - s) / 2 + MID_GRACE_DAYS)
			evals += 2 - json_integer_value(json_object_get(row, "mid_evals"));
		if (today > t + FINAL_GRACE_DAYS)
			evals += 2 - json_integer_value(json_object_get(row, "final_evals"));
	}
	json_object_set_new(row, "overdue_logs", json_integer(logs));
	json_object_set_new(row, "evaluations_overdue", json_integer(evals > 0 ? evals : 0));
}

int intern_load(struct store *db, const struct actor *a, int64_t id, struct intern *p,
                struct derr *e)
{
	*p = (struct intern){.id = id};
	struct store_stmt *st = store_query(
	    db,
	    "SELECT i.student_id, i.college_id, i.enterprise_id, i.post_id,"
	    " COALESCE(i.instructor_id, 0), COALESCE(i.mentor_id, 0), COALESCE(s.account_id, 0),"
	    " i.status, i.starts_on, i.ends_on FROM internships i JOIN students s ON s.id ="
	    " i.student_id WHERE i.id = ?",
	    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		int64_t *v[] = {&p->student,    &p->college, &p->enterprise,     &p->post,
		                &p->instructor, &p->mentor,  &p->student_account};
		for (int i = 0; i < 7; i++)
			*v[i] = store_column_int64(st, i);
		snprintf(p->status, sizeof(p->status), "%s", store_column_text(st, 7));
		snprintf(p->starts_on, sizeof(p->starts_on), "%s", store_column_text(st, 8));
		snprintf(p->ends_on, sizeof(p->ends_on), "%s", store_column_text(st, 9));
		p->part = coop_part_of(a, p->enterprise, p->college);
		p->own = a->role == ROLE_STUDENT && p->student_account == a->id;
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "internship");
	return rc == STORE_ROW && (p->part != COOP_NONE || p->own)
	           ? 0
	           : derr_set(e, DERR_NOT_FOUND, NULL, "实习记录不存在");
}

/* Each part of a placement's page, by the rows it reads. */
static const struct {
	const char *key, *sql;
} parts[] = {
    {"violations", "SELECT r.rule, r.field, r.message, r.at FROM intern_refusals r WHERE"
                   " r.internship_id = ? AND r.at = (SELECT MAX(at) FROM intern_refusals WHERE"
                   " internship_id = r.internship_id) ORDER BY r.id"},
    {"logs", "SELECT l.id, l.week_start, l.done, l.learned, l.days_present, l.status,"
             " l.comment, l.submitted_at, l.reviewed_at FROM intern_logs l WHERE"
             " l.internship_id = ? ORDER BY l.week_start DESC"},
    {"visits", "SELECT v.id, v.visited_on, v.mode, v.notes, a.display_name AS by_name,"
               " v.created_at FROM intern_visits v LEFT JOIN accounts a ON a.id ="
               " v.created_by WHERE v.internship_id = ? ORDER BY v.visited_on, v.id"},
    {"evaluations", "SELECT v.id, v.stage, v.by_role, v.score, v.comment, a.display_name AS"
                    " by_name, v.created_at FROM intern_evaluations v LEFT JOIN accounts a ON"
                    " a.id = v.created_by WHERE v.internship_id = ? ORDER BY v.stage DESC,"
                    " v.by_role"},
    {"incidents", "SELECT x.id, x.kind, x.occurred_on, x.description, x.followup,"
                  " x.followup_due, x.status, x.resolution, x.reported_at, x.closed_at FROM"
                  " intern_incidents x WHERE x.internship_id = ? ORDER BY x.id"},
};

static int intern_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	int64_t yuan = 0;
	const char *source = NULL;
	if (derr_found(db, store_row(db, INTERN_SELECT " WHERE i.id = ?", "i", id), out,
	               "internship", DERR_NOT_FOUND, NULL, "实习记录不存在", e))
		return -1;
	for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		json_t *rows = store_rows(db, parts[k].sql, "i", id);
		if (!rows) {
			json_decref(*out);
			*out = NULL;
			return derr_store(e, db, parts[k].key);
		}
		if (k == 0) { /* each refused rule with its label */
			size_t i;
			json_t *r;
			json_array_foreach(rows, i, r) json_object_set_new(
			    r, "label", json_string(intern_rule_label(coop_str(r, "rule"))));
		}
		json_object_set_new(*out, parts[k].key, rows);
	}
	intern_overdue(*out, coop_today());
	int known = !intern_min_wage(coop_str(*out, "city_code"), &yuan, &source);
	json_object_set_new(
	    *out, "min_wage",
	    known ? json_pack("{s:I, s:s}", "monthly", (json_int_t)yuan, "source", source)
	          : json_null());
	return 0;
}

int intern_finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *detail, json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "internship", id, detail, e) || intern_read(db, id, out, e))
		return -1;
	return derr_commit(db, out, action, e);
}

int intern_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	struct intern p;
	*out = NULL;
	return intern_load(db, a, id, &p, e) || intern_read(db, id, out, e) ? -1 : 0;
}

/* ---- writing a placement ---- */

/* Whose the placement is: the student's college and the post's enterprise. */
struct placed {
	int64_t college, enterprise;
};

/* Is account id of role in org (active)?  1, 0, or -1 (store). */
static int account_in(struct store *db, int64_t id, const char *role, int64_t org)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM accounts WHERE id = ? AND role = ? AND org_id = ? AND"
	                " status = 'active'",
	                "iti", id, role, org) != STORE_ROW)
		return -1;
	return n > 0;
}

static int dates_check(const struct intern_input *in, struct derr *e)
{
	int32_t s, t, d;
	if (coop_date(in->starts_on, "starts_on", &s, e) ||
	    coop_date(in->ends_on, "ends_on", &t, e))
		return -1;
	if (t < s)
		return derr_set(e, DERR_INVALID, "ends_on", "实习结束日不能早于开始日");
	if (t > date_add_months(s, 24))
		return derr_set(e, DERR_INVALID, "ends_on", "一段岗位实习最长 24 个月");
	if (in->agreement_signed_on &&
	    coop_date(in->agreement_signed_on, "agreement_signed_on", &d, e))
		return -1;
	if (in->guardian_consent_on &&
	    coop_date(in->guardian_consent_on, "guardian_consent_on", &d, e))
		return -1;
	if (!intern_pay_cycle_valid(in->pay_cycle))
		return derr_set(e, DERR_INVALID, "pay_cycle",
		                "支付周期应为 weekly、semimonthly、monthly、quarterly 或 end");
	if (strcmp(in->pay_to, "student") && strcmp(in->pay_to, "college") &&
	    strcmp(in->pay_to, "agent"))
		return derr_set(e, DERR_INVALID, "pay_to", "收款方应为 student、college 或 agent");
	return 0;
}

/* What the api could not check; fills *pl. */
static int input_check(struct store *db, const struct actor *a, const struct intern_input *in,
                       struct placed *pl, struct derr *e)
{
	json_t *row;
	if (dates_check(in, e))
		return -1;
	if (!(row = store_row(db,
	                      "SELECT college_id FROM students WHERE id = ? AND closed_at IS NULL",
	                      "i", in->student_id)))
		return derr_store(e, db, "internship student");
	pl->college = json_integer_value(json_object_get(row, "college_id"));
	json_decref(row);
	if (!pl->college || (a->role == ROLE_COLLEGE && pl->college != a->org_id))
		return derr_set(e, DERR_INVALID, "student_id", "只能为本校在籍学生安排实习");
	if (!(row = store_row(db,
	                      "SELECT p.enterprise_id FROM intern_posts p JOIN organizations o ON"
	                      " o.id = p.enterprise_id WHERE p.id = ? AND p.status = 'open' AND"
	                      " o.status = 'active'",
	                      "i", in->post_id)))
		return derr_store(e, db, "internship post");
	pl->enterprise = json_integer_value(json_object_get(row, "enterprise_id"));
	json_decref(row);
	if (!pl->enterprise || (a->role == ROLE_ENTERPRISE && pl->enterprise != a->org_id))
		return derr_set(e, DERR_INVALID, "post_id", "实习岗位不存在或已关闭");
	int ok;
	if (in->instructor_id &&
	    (ok = account_in(db, in->instructor_id, "college", pl->college)) <= 0)
		return ok < 0 ? derr_store(e, db, "instructor")
		              : derr_set(e, DERR_INVALID, "instructor_id",
		                         "指导教师须为该院校的教师账号");
	if (in->mentor_id &&
	    (ok = account_in(db, in->mentor_id, "enterprise", pl->enterprise)) <= 0)
		return ok < 0
		           ? derr_store(e, db, "mentor")
		           : derr_set(e, DERR_INVALID, "mentor_id", "带教师傅须为实习单位的账号");
	return 0;
}

int intern_create(struct store *db, const struct actor *a, const struct intern_input *in,
                  json_t **out, struct derr *e)
{
	struct placed pl;
	int64_t id = 0, now = now_seconds();
	*out = NULL;
	if (a->role != ROLE_COLLEGE && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "岗位实习由院校安排");
	if ((a->role == ROLE_COLLEGE && coop_actor_org_active(db, a, e)) ||
	    input_check(db, a, in, &pl, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &id,
	                "INSERT INTO internships (student_id, college_id, enterprise_id, post_id,"
	                " starts_on, ends_on, monthly_pay, pay_cycle, pay_to, fees_charged,"
	                " local_min_wage, over_six_reason, instructor_id, mentor_id,"
	                " agreement_signed_on, guardian_consent_on, created_by, created_at,"
	                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	                " ?) RETURNING id",
	                "iiiittitti"
	                "ItIIttiii",
	                in->student_id, pl.college, pl.enterprise, in->post_id, in->starts_on,
	                in->ends_on, in->monthly_pay, in->pay_cycle, in->pay_to, in->fees_charged,
	                in->local_min_wage, in->over_six_reason, in->instructor_id, in->mentor_id,
	                in->agreement_signed_on, in->guardian_consent_on, a->id, now,
	                now) != STORE_ROW)
		return derr_store(e, db, "internship create");
	return intern_finish(db, a, id, "internship.create", NULL, out, e);
}

static const char *const editable[] = {"draft", "refused", NULL};

static int require(const struct intern *p, const char *const *allowed, const char *what,
                   struct derr *e)
{
	for (; *allowed; allowed++)
		if (!strcmp(p->status, *allowed))
			return 0;
	return derr_codef(e, DERR_CONFLICT, NULL, "status", "实习当前为 %s，不能%s", p->status,
	                  what);
}

int intern_update(struct store *db, const struct actor *a, int64_t id,
                  const struct intern_input *in, json_t **out, struct derr *e)
{
	struct intern p;
	struct placed pl;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "学生不能修改实习安排");
	if (require(&p, editable, "修改", e))
		return -1;
	if (in->student_id != p.student)
		return derr_set(e, DERR_INVALID, "student_id", "不能更换学生，请取消后重新安排");
	if (input_check(db, a, in, &pl, e))
		return -1;
	int64_t done = 0;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE internships SET enterprise_id = ?, post_id = ?, starts_on"
	                      " = ?, ends_on = ?, monthly_pay = ?, pay_cycle = ?, pay_to = ?,"
	                      " fees_charged = ?, local_min_wage = ?, over_six_reason = ?,"
	                      " instructor_id = ?, mentor_id = ?, agreement_signed_on = ?,"
	                      " guardian_consent_on = ?, status = 'draft', updated_at = ? WHERE"
	                      " id = ? AND status = ? RETURNING id",
	                      "iittitti"
	                      "ItIIttiit",
	                      pl.enterprise, in->post_id, in->starts_on, in->ends_on,
	                      in->monthly_pay, in->pay_cycle, in->pay_to, in->fees_charged,
	                      in->local_min_wage, in->over_six_reason, in->instructor_id,
	                      in->mentor_id, in->agreement_signed_on, in->guardian_consent_on,
	                      now_seconds(), id, p.status);
	if (coop_changed(db, rc, "status", "实习状态刚被他人修改，请刷新", "internship update", e))
		return -1;
	return intern_finish(db, a, id, "internship.update", NULL, out, e);
}

int intern_agreement_scan(struct store *db, const struct actor *a, int64_t id, const char *data,
                          size_t len, json_t **out, struct derr *e)
{
	struct intern p;
	int64_t file = 0;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "三方协议扫描件由院校或企业上传");
	if (!strcmp(p.status, "cancelled"))
		return derr_set(e, DERR_CONFLICT, "status", "实习已取消");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "internship scan");
	if (coop_file_save(db, a, COOP_FILE_SCAN, "internship", id, data, len, &file, e))
		return -1;
	if (store_run(db,
	              "UPDATE internships SET agreement_file_id = ?, updated_at = ? WHERE id = ?",
	              "iii", file, now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "internship scan");
	return intern_finish(db, a, id, "internship.agreement_scan", NULL, out, e);
}

/* ---- the rules before a start ---- */

/* The student's age on day `on`, from the sealed ID number; the number and
 * the birth date never leave this function.  0 and *age, or 1 when it is
 * not known (no number on record, or no data key). */
static int student_age(const char *sealed, int32_t on, int *age)
{
	char *plain = sealed && *sealed ? pii_open(sealed) : NULL;
	int rc = plain && !intern_age_on(plain, on, age) ? 0 : 1;
	if (plain) {
		sodium_memzero(plain, strlen(plain));
		free(plain);
	}
	return rc;
}

/* Overlapping active placements of one column's value, less this one. */
static int count_overlap(struct store *db, const char *column, int64_t value, int64_t id,
                         const char *starts, const char *ends, int64_t *n)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM internships WHERE %s = ? AND status = 'active' AND id <> ?"
	         " AND starts_on <= ? AND ends_on >= ?",
	         column);
	return store_int64(db, n, sql, "iitt", value, id, ends, starts) == STORE_ROW ? 0 : -1;
}

/* Everything the rules look at, read inside the start's transaction. */
struct gathered {
	json_t *row;
	const char **majors;
	struct intern_case c;
};

static void gathered_release(struct gathered *g)
{
	json_decref(g->row);
	free(g->majors);
}

static int gather(struct store *db, const struct intern *p, struct gathered *g, struct derr *e)
{
	int64_t busy = 0;
	g->row = store_row(
	    db,
	    "SELECT i.starts_on, i.ends_on, i.monthly_pay, i.pay_cycle, i.pay_to, i.fees_charged,"
	    " COALESCE(i.local_min_wage, 0) AS local_min_wage, i.over_six_reason,"
	    " COALESCE(i.instructor_id, 0) AS instructor_id, COALESCE(i.mentor_id, 0) AS mentor_id,"
	    " i.agreement_signed_on, i.guardian_consent_on, s.major_code, s.id_number_enc,"
	    " p.staff, p.probation_wage, p.majors, p.hazardous, p.night_shift, p.overtime,"
	    " p.city_code, COALESCE(ie.staff_total, 0) AS staff_total FROM internships i JOIN"
	    " students s ON s.id = i.student_id JOIN intern_posts p ON p.id = i.post_id LEFT JOIN"
	    " intern_employers ie ON ie.enterprise_id = i.enterprise_id WHERE i.id = ?",
	    "i", p->id);
	if (!json_is_object(g->row))
		return derr_store(e, db, "internship rules");
	json_t *r = g->row;
	struct intern_case *c = &g->c;
	json_t *majors = json_loads(coop_str(r, "majors"), 0, NULL);
	json_object_set_new(r, "majors", majors ? majors : json_array());
	majors = json_object_get(r, "majors");
	g->majors = calloc(json_array_size(majors) + 1, sizeof(char *));
	if (!g->majors)
		return derr_internal(e, "internship rules: out of memory");
	for (size_t i = 0; i < json_array_size(majors); i++)
		g->majors[c->n_post_majors++] = json_string_value(json_array_get(majors, i));
	date_parse(coop_str(r, "starts_on"), &c->starts_on);
	date_parse(coop_str(r, "ends_on"), &c->ends_on);
	c->has_agreement = !date_parse(coop_str(r, "agreement_signed_on"), &c->agreement_on);
	c->has_consent = !date_parse(coop_str(r, "guardian_consent_on"), &c->consent_on);
	c->age_known = !student_age(coop_str(r, "id_number_enc"), c->starts_on, &c->age);
	c->student_major = json_string_value(json_object_get(r, "major_code"));
	c->monthly_pay = json_integer_value(json_object_get(r, "monthly_pay"));
	c->probation_wage = json_integer_value(json_object_get(r, "probation_wage"));
	if (intern_min_wage(coop_str(r, "city_code"), &c->min_wage, NULL))
		c->min_wage = json_integer_value(json_object_get(r, "local_min_wage"));
	c->pay_cycle = coop_str(r, "pay_cycle");
	c->pay_to = coop_str(r, "pay_to");
	c->fees_charged = json_integer_value(json_object_get(r, "fees_charged"));
	c->has_over_six_reason = *coop_str(r, "over_six_reason") != '\0';
	c->has_instructor = json_integer_value(json_object_get(r, "instructor_id")) != 0;
	c->has_mentor = json_integer_value(json_object_get(r, "mentor_id")) != 0;
	c->staff_total = json_integer_value(json_object_get(r, "staff_total"));
	c->post_staff = json_integer_value(json_object_get(r, "staff"));
	c->post_majors = g->majors;
	c->hazardous = json_integer_value(json_object_get(r, "hazardous")) != 0;
	c->night_shift = json_integer_value(json_object_get(r, "night_shift")) != 0;
	c->overtime = json_integer_value(json_object_get(r, "overtime")) != 0;
	const char *s = coop_str(r, "starts_on"), *t = coop_str(r, "ends_on");
	if (count_overlap(db, "enterprise_id", p->enterprise, p->id, s, t,
	                  &c->interns_enterprise) ||
	    count_overlap(db, "post_id", p->post, p->id, s, t, &c->interns_post) ||
	    count_overlap(db, "student_id", p->student, p->id, s, t, &busy))
		return derr_store(e, db, "internship counts");
	c->student_busy = busy > 0;
	return 0;
}

/* Writes the outcome of a start: active, or refused with its rules. */
static int record(struct store *db, const struct actor *a, const struct intern *p,
                  const struct intern_violation *v, int n, struct derr *e)
{
	int64_t now = now_seconds();
	if (store_run(db,
	              "UPDATE internships SET status = ?, started_at = CASE WHEN ? = 0 THEN ? ELSE"
	              " started_at END, updated_at = ? WHERE id = ?",
	              "tiiii", n ? "refused" : "active", (int64_t)n, now, now, p->id) != STORE_OK)
		return derr_store(e, db, "internship start");
	struct buf rules = BUF_INIT;
	for (int i = 0; i < n && i < INTERN_RULES_MAX; i++) {
		if (store_run(db,
		              "INSERT INTO intern_refusals (internship_id, rule, field, message,"
		              " actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
		              "itttii", p->id, v[i].rule, v[i].field, v[i].message, a->id,
		              now) != STORE_OK) {
			buf_release(&rules);
			return derr_store(e, db, "internship refusal");
		}
		buf_addf(&rules, "%s%s", i ? "," : "", v[i].rule);
	}
	int rc = audit_write(db, a, n ? "internship.refused" : "internship.start", "internship",
	                     p->id, n ? rules.data : NULL, e);
	buf_release(&rules);
	return rc;
}

int intern_start(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	struct intern p;
	struct gathered g = {0};
	struct intern_violation v[INTERN_RULES_MAX];
	json_t *placement = NULL;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part != COOP_COLLEGE && p.part != COOP_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "岗位实习由院校确认开始");
	if (require(&p, editable, "开始", e))
		return -1;
	/* One start at a time per enterprise and per student (see the header). */
	if (store_begin(db) != STORE_OK ||
	    store_run(
	        db, "UPDATE intern_employers SET staff_total = staff_total WHERE enterprise_id = ?",
	        "i", p.enterprise) != STORE_OK ||
	    store_run(db, "UPDATE students SET updated_at = updated_at WHERE id = ?", "i",
	              p.student) != STORE_OK)
		return derr_store(e, db, "internship start");
	json_t *now_status = store_row(db, "SELECT status FROM internships WHERE id = ?", "i", id);
	if (!now_status)
		return derr_store(e, db, "internship start");
	int same = json_is_object(now_status) && !strcmp(coop_str(now_status, "status"), p.status);
	json_decref(now_status);
	if (!same) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "status", "实习状态刚被他人修改，请刷新");
	}
	int rc = gather(db, &p, &g, e);
	int n = rc ? 0 : intern_rules_check(&g.c, v, INTERN_RULES_MAX);
	gathered_release(&g);
	if (rc || record(db, a, &p, v, n, e) || intern_read(db, id, &placement, e)) {
		store_rollback(db);
		return -1;
	}
	json_t *violations = json_array();
	for (int i = 0; i < n && i < INTERN_RULES_MAX; i++)
		json_array_append_new(violations,
		                      json_pack("{s:s, s:s, s:s, s:s}", "rule", v[i].rule, "label",
		                                intern_rule_label(v[i].rule), "field", v[i].field,
		                                "message", v[i].message));
	*out = json_pack("{s:o, s:b, s:o}", "internship", placement, "started", n == 0,
	                 "violations", violations);
	return derr_commit(db, out, "internship start", e);
}

int intern_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	struct intern p;
	int64_t done = 0;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part != COOP_COLLEGE && p.part != COOP_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "实习安排由院校取消");
	if (require(&p, editable, "取消", e))
		return -1;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE internships SET status = 'cancelled', updated_at = ? WHERE"
	                      " id = ? AND status = ? RETURNING id",
	                      "iit", now_seconds(), id, p.status);
	if (coop_changed(db, rc, "status", "实习状态刚被他人修改，请刷新", "internship cancel", e))
		return -1;
	return intern_finish(db, a, id, "internship.cancel", NULL, out, e);
}

static const char *const running[] = {"active", NULL};

int intern_end(struct store *db, const struct actor *a, int64_t id, const char *ended_on,
               const char *reason, int hired, json_t **out, struct derr *e)
{
	struct intern p;
	char today[DATE_TEXT];
	int32_t end, start;
	int64_t done = 0, app = 0;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "实习结束由院校或企业登记");
	if (require(&p, running, "结束", e))
		return -1;
	coop_today_text(today);
	if (!ended_on)
		ended_on = today;
	if (coop_date(ended_on, "ended_on", &end, e))
		return -1;
	date_parse(p.starts_on, &start);
	if (end < start || end > coop_today())
		return derr_set(e, DERR_INVALID, "ended_on", "结束日期应在实习开始之后、今天之前");
	if (strcmp(reason, "completed") && strcmp(reason, "early"))
		return derr_set(e, DERR_INVALID, "reason", "结束原因应为 completed 或 early");
	/* A hire links the student's offer at the enterprise when there is one. */
	int rc = !hired ? STORE_DONE
	                : store_int64(db, &app,
	                              "SELECT id FROM applications WHERE student_id = ? AND"
	                              " enterprise_id = ? AND status IN ('accepted', 'offered')"
	                              " ORDER BY CASE status WHEN 'accepted' THEN 0 ELSE 1 END, id"
	                              " LIMIT 1",
	                              "ii", p.student, p.enterprise);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "internship end");
	rc = store_begin(db) != STORE_OK
	         ? STORE_ERROR
	         : store_int64(db, &done,
	                       "UPDATE internships SET status = 'ended', ended_on = ?, end_reason ="
	                       " ?, hired = ?, application_id = ?, updated_at = ? WHERE id = ? AND"
	                       " status = 'active' RETURNING id",
	                       "ttiIii", ended_on, reason, (int64_t)(hired != 0), app,
	                       now_seconds(), id);
	if (coop_changed(db, rc, "status", "实习状态刚被他人修改，请刷新", "internship end", e))
		return -1;
	return intern_finish(db, a, id, "internship.end", hired ? "hired" : reason, out, e);
}

/* ---- lists ---- */

/* The caller's scope over placements (alias i, students s). */
static void scope(const struct actor *a, struct buf *w, struct store_args *args)
{
	if (a->role == ROLE_STUDENT) {
		buf_adds(w, " AND s.account_id = ?");
		store_args_int(args, a->id);
	} else {
		coop_scope_sql(a, w, args, "i.enterprise_id", "i.college_id");
	}
}

int intern_list(struct store *db, const struct actor *a, const struct intern_query *q, json_t **out,
                struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like = q->q ? store_like_contains(q->q) : NULL;
	buf_adds(&w, " WHERE 1 = 1");
	scope(a, &w, &args);
	const struct {
		const char *col;
		int64_t v;
	} ints[] = {{"i.college_id", q->college_id},
	            {"i.enterprise_id", q->enterprise_id},
	            {"i.post_id", q->post_id}};
	for (size_t k = 0; k < 3; k++)
		if (ints[k].v) {
			buf_addf(&w, " AND %s = ?", ints[k].col);
			store_args_int(&args, ints[k].v);
		}
	if (q->status) {
		buf_adds(&w, " AND i.status = ?");
		store_args_text(&args, q->status);
	}
	if (like) {
		buf_adds(&w, " AND (s.name LIKE ? ESCAPE '\\' OR s.student_no LIKE ? ESCAPE '\\' OR"
		             " ent.name LIKE ? ESCAPE '\\')");
		for (int k = 0; k < 3; k++)
			store_args_text(&args, like);
	}
	int rc = buf_failed(&w) || (q->q && !like)
	             ? derr_internal(e, "internship list: out of memory")
	             : coop_page(db, INTERN_SELECT, w.data, " ORDER BY i.id DESC", &args, q->page,
	                         q->page_size, out, e);
	buf_release(&w);
	free(like);
	if (!rc) {
		size_t i;
		json_t *r;
		int32_t today = coop_today();
		json_array_foreach(json_object_get(*out, "items"), i, r) intern_overdue(r, today);
	}
	return rc;
}

int intern_export(struct store *db, const struct actor *a, coop_rows_fn write, void *arg,
                  struct derr *e)
{
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	buf_adds(&sql, "SELECT i.id, s.name, s.student_no, m.name, col.name, ent.name, p.title,"
	               " i.starts_on, i.ends_on, i.monthly_pay, CASE i.status WHEN 'draft' THEN"
	               " '待开始' WHEN 'refused' THEN '未通过核验' WHEN 'active' THEN '实习中' WHEN"
	               " 'ended' THEN '已结束' ELSE '已取消' END, CASE WHEN i.hired = 1 THEN '是'"
	               " WHEN i.hired = 0 THEN '否' ELSE '' END, (SELECT COUNT(*) FROM intern_logs"
	               " l WHERE l.internship_id = i.id AND l.status = 'confirmed'), (SELECT"
	               " COUNT(*) FROM intern_incidents x WHERE x.internship_id = i.id AND x.status"
	               " = 'open') FROM internships i JOIN students s ON s.id = i.student_id LEFT"
	               " JOIN dict_majors m ON m.code = s.major_code JOIN organizations col ON"
	               " col.id = i.college_id JOIN organizations ent ON ent.id = i.enterprise_id"
	               " JOIN intern_posts p ON p.id = i.post_id WHERE 1 = 1");
	scope(a, &sql, &args);
	buf_adds(&sql, " ORDER BY i.id");
	return coop_export_sql(db, &sql, &args, write, arg, "internship export", e);
}
