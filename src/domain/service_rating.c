/* 好差评 and the follow-ups of bad ratings; the rules open service_rating.h. */
#include "domain/service_rating.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

static int one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* Who rates what: the subject's applicant org, department and item; or a
 * refusal.  HR rate their own enterprise's subjects; officers record
 * ratings given at the window, by phone, SMS or kiosk. */
static int subject_of(struct store *db, const struct actor *a,
                      const struct service_rating_input *in, int64_t *org, int64_t *department,
                      int64_t *item, struct derr *e)
{
	static const char *const web[] = {"web", "mobile", NULL};
	static const char *const desk[] = {"window", "phone", "sms", "kiosk", NULL};
	if (a->role == ROLE_ENTERPRISE ? !one_of(in->channel, web) : !one_of(in->channel, desk))
		return derr_set(e, DERR_INVALID, "channel",
		                a->role == ROLE_ENTERPRISE
		                    ? "企业在线评价的渠道应为 web 或 mobile"
		                    : "代录评价的渠道应为 window、phone、sms 或 kiosk");
	if (!strcmp(in->subject_kind, "case")) {
		json_t *c = store_row(db,
		                      "SELECT c.org_id, c.status, c.item_id, i.department_id FROM"
		                      " service_cases c JOIN service_items i ON i.id = c.item_id"
		                      " WHERE c.id = ?",
		                      "i", in->subject_id);
		if (!c)
			return derr_store(e, db, "rate: case");
		int visible = !json_is_null(c) &&
		              (svc_officer(a) ||
		               (a->role == ROLE_ENTERPRISE && svc_int(c, "org_id") == a->org_id));
		if (!visible) {
			json_decref(c);
			return derr_set(e, DERR_NOT_FOUND, "subject_id", "办件不存在");
		}
		int done = !strcmp(svc_str(c, "status"), "done");
		*org = svc_int(c, "org_id");
		*department = svc_int(c, "department_id");
		*item = svc_int(c, "item_id");
		json_decref(c);
		return done ? 0 : derr_set(e, DERR_RULE, "subject_id", "办结后才能评价");
	}
	if (!strcmp(in->subject_kind, "fair")) {
		int64_t n = 0;
		if (!svc_setting(db, "rate_fairs", 0))
			return derr_set(e, DERR_RULE, "subject_kind", "招聘会评价未开放");
		if (a->role != ROLE_ENTERPRISE)
			return derr_set(e, DERR_RULE, "subject_kind", "招聘会由参会企业在线评价");
		if (store_int64(
		        db, &n,
		        "SELECT COUNT(*) FROM fair_enterprises fe JOIN fairs f ON"
		        " f.id = fe.fair_id WHERE fe.fair_id = ? AND fe.enterprise_id = ? AND"
		        " fe.status = 'approved' AND f.status = 'finished'",
		        "ii", in->subject_id, a->org_id) != STORE_ROW)
			return derr_store(e, db, "rate: fair");
		if (!n)
			return derr_set(e, DERR_NOT_FOUND, "subject_id",
			                "只能评价本企业参加过、已结束的招聘会");
		*org = a->org_id;
		*department = *item = 0;
		return 0;
	}
	/* visits (issue 12) and bookings (issue 11) plug in here */
	return derr_set(e, DERR_RULE, "subject_kind", "这类事项的评价暂未开放");
}

/* Opens the follow-up of a bad rating (note 1). */
static int open_followup(struct store *db, int64_t rating_id, int64_t department, int32_t day,
                         struct derr *e)
{
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		store_rollback(db);
		return -1;
	}
	int64_t days = svc_setting(db, "rectify_days", SERVICE_RECTIFY_DAYS);
	int gap1 = 0, gap2 = 0;
	char opened[11], contact[11], rectify[11];
	svc_day(day, opened);
	svc_day(service_due(cal, day, 1, &gap1), contact);
	svc_day(service_due(cal, day, (int)days, &gap2), rectify);
	servcal_release(cal);
	if (store_run(db,
	              "INSERT INTO service_followups (rating_id, department_id, opened_on,"
	              " contact_due, rectify_days, rectify_due, calendar_missing, updated_at)"
	              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              "iItt"
	              "itii",
	              rating_id, department, opened, contact, days, rectify,
	              (int64_t)(gap1 ? gap1 : gap2), now_seconds()))
		return derr_store(e, db, "rate: follow-up");
	return 0;
}

int service_rate(struct store *db, const struct actor *a, const struct service_rating_input *in,
                 json_t **out, struct derr *e)
{
	static const char *const kinds[] = {"case", "fair", "visit", "booking", NULL};
	int64_t org = 0, department = 0, item = 0, rating_id = 0, round = 1;
	int32_t today = servcal_today();
	char d[11];
	if (a->role != ROLE_ENTERPRISE && !svc_officer(a))
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有申请企业或政务人员可以评价");
	if (!one_of(in->subject_kind, kinds))
		return derr_set(e, DERR_INVALID, "subject_kind",
		                "评价对象应为 case、fair、visit 或 booking");
	if (in->level < 1 || in->level > 5)
		return derr_set(e, DERR_INVALID, "level",
		                "评价等级应为 1（非常不满意）到 5（非常满意）");
	if (in->level <= 2 && (!in->comment || !*in->comment))
		return derr_set(e, DERR_INVALID, "comment", "不满意的评价请写明原因");
	if (in->on && a->role == ROLE_ENTERPRISE)
		return derr_set(e, DERR_INVALID, "on", "在线评价的日期是今天");
	if (in->on && !(today = svc_step_day(a, in->on, 0, e)))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "rate: begin");
	if (subject_of(db, a, in, &org, &department, &item, e)) {
		store_rollback(db);
		return -1;
	}
	/* A second rating answers a rectified follow-up (二次评价). */
	json_t *prev = store_row(db,
	                         "SELECT r.id, f.id AS followup_id, f.status FROM service_ratings r"
	                         " LEFT JOIN service_followups f ON f.rating_id = r.id WHERE"
	                         " r.subject_kind = ? AND r.subject_id = ? AND r.org_id = ? AND"
	                         " r.round = 1",
	                         "tii", in->subject_kind, in->subject_id, org);
	if (!prev)
		return derr_store(e, db, "rate: previous");
	int64_t followup = 0;
	if (!json_is_null(prev)) {
		followup = svc_int(prev, "followup_id");
		int again = followup && !strcmp(svc_str(prev, "status"), "rectified");
		json_decref(prev);
		if (!again) {
			store_rollback(db);
			return derr_code(e, DERR_CONFLICT, "already_rated", "subject_id",
			                 "已评价过（整改完成后可再评价一次）");
		}
		round = 2;
	} else {
		json_decref(prev);
	}
	int named = a->role == ROLE_ENTERPRISE ? 1 : in->named;
	int rc = store_int64(
	    db, &rating_id,
	    "INSERT INTO service_ratings (subject_kind, subject_id, round, item_id,"
	    " department_id, org_id, account_id, named, level, comment, channel,"
	    " rated_on, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    "tiiII"
	    "iIiit"
	    "tti",
	    in->subject_kind, in->subject_id, round, item, department, org,
	    a->role == ROLE_ENTERPRISE ? a->id : (int64_t)0, (int64_t)named, in->level,
	    in->comment ? in->comment : "", in->channel, svc_day(today, d), now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "already_rated", "subject_id", "已评价过");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "rate: insert");
	if (round == 2 && store_run(db,
	                            "UPDATE service_followups SET status = 'closed', closed_on = ?,"
	                            " second_rating_id = ?, updated_at = ? WHERE id = ?",
	                            "tiii", d, rating_id, now_seconds(), followup))
		return derr_store(e, db, "rate: close follow-up");
	if (in->level <= 2 && open_followup(db, rating_id, department, today, e))
		return -1;
	char detail[80];
	snprintf(detail, sizeof(detail), "%s #%lld level %lld round %lld", in->subject_kind,
	         (long long)in->subject_id, (long long)in->level, (long long)round);
	if (audit_write(db, a, "service.rate", "service_rating", rating_id, detail, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "rate: commit");
	/* The follow-up it opened, in brief (its page: GET /services/followups/{id}). */
	json_t *fu = store_row(db,
	                       "SELECT id, status, contact_due, rectify_due FROM service_followups"
	                       " WHERE rating_id = ?",
	                       "i", rating_id);
	*out =
	    json_pack("{s:{s:I, s:I, s:I, s:s, s:s}, s:o}", "rating", "id", (json_int_t)rating_id,
	              "round", (json_int_t)round, "level", (json_int_t)in->level, "channel",
	              in->channel, "rated_on", d, "followup", fu ? fu : json_null());
	return 0;
}

int service_ratings(struct store *db, const struct actor *a, int64_t level, int64_t department_id,
                    const char *subject_kind, int64_t page, int64_t size, json_t **items,
                    int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT, sql = BUF_INIT, count_sql = BUF_INIT;
	struct store_args args = {0};
	if (a->role != ROLE_ENTERPRISE && svc_need_staff(a, e))
		return -1;
	buf_adds(&w, " WHERE 1 = 1");
	if (a->role == ROLE_ENTERPRISE) {
		buf_adds(&w, " AND r.org_id = ?");
		store_args_int(&args, a->org_id);
	}
	if (level) {
		buf_adds(&w, " AND r.level = ?");
		store_args_int(&args, level);
	}
	if (department_id) {
		buf_adds(&w, " AND r.department_id = ?");
		store_args_int(&args, department_id);
	}
	if (subject_kind) {
		buf_adds(&w, " AND r.subject_kind = ?");
		store_args_text(&args, subject_kind);
	}
	buf_addf(&count_sql, "SELECT COUNT(*) FROM service_ratings r%s", w.data);
	buf_addf(
	    &sql,
	    "SELECT r.id, r.subject_kind, r.subject_id, r.round, r.level, r.comment, r.channel,"
	    " r.rated_on, r.named, r.excluded, r.org_id, o.name AS org_name, r.item_id,"
	    " i.name AS item_name, r.department_id, d.name AS department_name,"
	    " f.id AS followup_id, f.status AS followup_status FROM service_ratings r"
	    " LEFT JOIN organizations o ON o.id = r.org_id LEFT JOIN service_items i ON"
	    " i.id = r.item_id LEFT JOIN service_departments d ON d.id = r.department_id"
	    " LEFT JOIN service_followups f ON f.rating_id = r.id%s ORDER BY r.id DESC"
	    " LIMIT ? OFFSET ?",
	    w.data);
	int rc = buf_failed(&sql) ? derr_internal(e, "ratings: out of memory")
	                          : svc_page(db, count_sql.data, sql.data, &args, page, size, items,
	                                     total, "ratings", e);
	buf_release(&w);
	buf_release(&sql);
	buf_release(&count_sql);
	if (rc)
		return -1;
	size_t i;
	json_t *row;
	static const char *const b[] = {"named", "excluded", NULL};
	json_array_foreach(*items, i, row) svc_booleans(row, b);
	return 0;
}

/* ---- follow-ups ---- */

#define FOLLOWUP_SELECT                                                                            \
	"SELECT f.*, r.subject_kind, r.subject_id, r.round, r.level, r.comment, r.channel,"        \
	" r.rated_on, r.named, r.excluded, r.org_id, o.name AS org_name, d.name AS"                \
	" department_name, ab.display_name AS appeal_by_name, rb.display_name AS review_by_name"   \
	" FROM service_followups f JOIN service_ratings r ON r.id = f.rating_id"                   \
	" LEFT JOIN organizations o ON o.id = r.org_id LEFT JOIN service_departments d ON"         \
	" d.id = f.department_id LEFT JOIN accounts ab ON ab.id = f.appeal_by"                     \
	" LEFT JOIN accounts rb ON rb.id = f.review_by"

static json_t *step_json(json_t *f, const char *due_key, const char *done_key, const char *note_key,
                         int32_t today)
{
	int32_t due = svc_parse_day(svc_str(f, due_key)),
	        done = svc_parse_day(svc_str(f, done_key));
	json_t *o = json_pack("{s:O, s:O, s:O, s:b}", "due", json_object_get(f, due_key), "done_on",
	                      json_object_get(f, done_key), "note", json_object_get(f, note_key),
	                      "late", due && service_is_late(due, done, today));
	return o;
}

/* Who may review appeals (复核): the departments that have heads, and those the caller
 * heads; loaded once per answer so that `actions` offers "review" only to whom
 * service_followup_step would let do it. */
struct review_rights {
	json_t *headed; /* [{department_id}] of departments with a head */
	json_t *mine;   /* [{department_id}] the caller heads */
};

static int load_review_rights(struct store *db, const struct actor *a, struct review_rights *r,
                              struct derr *e)
{
	r->headed = store_rows(db,
	                       "SELECT DISTINCT department_id FROM service_department_members"
	                       " WHERE is_head = 1",
	                       "");
	r->mine = r->headed ? store_rows(db,
	                                 "SELECT department_id FROM service_department_members"
	                                 " WHERE is_head = 1 AND account_id = ?",
	                                 "i", a->id)
	                    : NULL;
	if (r->mine)
		return 0;
	json_decref(r->headed);
	r->headed = NULL;
	return derr_store(e, db, "follow-ups: heads");
}

static void release_review_rights(struct review_rights *r)
{
	json_decref(r->headed);
	json_decref(r->mine);
}

static int holds_department(json_t *rows, int64_t department)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) if (svc_int(row, "department_id") == department) return 1;
	return 0;
}

/* The rule of FOLLOW_REVIEW: not the appellant; the department's head when it has one. */
static int may_review(json_t *f, const struct actor *a, const struct review_rights *r)
{
	int64_t department = svc_int(f, "department_id");
	if (svc_int(f, "appeal_by") == a->id)
		return 0;
	return !department || !holds_department(r->headed, department) ||
	       holds_department(r->mine, department);
}

/* Shapes a follow-up row; actions for the caller when r is not NULL. */
static void shape_followup(json_t *f, const struct actor *a, const struct review_rights *r,
                           int32_t today)
{
	const char *st = svc_str(f, "status");
	int active = strcmp(st, "closed") && strcmp(st, "voided");
	json_object_set_new(
	    f, "rating",
	    json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:b, s:b, s:{s:O, s:O}}", "id",
	              svc_int(f, "rating_id"), "subject_kind", json_object_get(f, "subject_kind"),
	              "subject_id", json_object_get(f, "subject_id"), "round",
	              json_object_get(f, "round"), "level", json_object_get(f, "level"), "comment",
	              json_object_get(f, "comment"), "channel", json_object_get(f, "channel"),
	              "rated_on", json_object_get(f, "rated_on"), "named", (int)svc_int(f, "named"),
	              "excluded", (int)svc_int(f, "excluded"), "org", "id",
	              json_object_get(f, "org_id"), "name", json_object_get(f, "org_name")));
	json_object_set_new(
	    f, "contact",
	    step_json(f, "contact_due", "contacted_on", "contact_note", active ? today : 0));
	json_t *rect =
	    step_json(f, "rectify_due", "rectified_on", "rectify_note", active ? today : 0);
	json_object_set(rect, "days", json_object_get(f, "rectify_days"));
	json_object_set_new(f, "rectify", rect);
	json_object_set_new(f, "callback",
	                    json_pack("{s:O, s:O}", "done_on", json_object_get(f, "callback_on"),
	                              "note", json_object_get(f, "callback_note")));
	json_object_set_new(f, "appeal",
	                    json_is_null(json_object_get(f, "appeal_on"))
	                        ? json_null()
	                        : json_pack("{s:O, s:O, s:O}", "on",
	                                    json_object_get(f, "appeal_on"), "reason",
	                                    json_object_get(f, "appeal_reason"), "by_name",
	                                    json_object_get(f, "appeal_by_name")));
	json_t *upheld = json_object_get(f, "review_upheld");
	json_object_set_new(f, "review",
	                    json_is_null(json_object_get(f, "review_on"))
	                        ? json_null()
	                        : json_pack("{s:O, s:b, s:O, s:O}", "on",
	                                    json_object_get(f, "review_on"), "upheld",
	                                    (int)json_integer_value(upheld), "note",
	                                    json_object_get(f, "review_note"), "by_name",
	                                    json_object_get(f, "review_by_name")));
	json_object_set_new(f, "department",
	                    svc_int(f, "department_id")
	                        ? json_pack("{s:I, s:O}", "id", svc_int(f, "department_id"), "name",
	                                    json_object_get(f, "department_name"))
	                        : json_null());
	int64_t missing = svc_int(f, "calendar_missing");
	json_object_set_new(f, "calendar_missing_year",
	                    missing ? json_integer(missing) : json_null());
	if (r && svc_officer(a)) {
		json_t *acts = json_array();
		if (!strcmp(st, "open"))
			json_array_append_new(acts, json_string("contact"));
		if (!strcmp(st, "contacted"))
			json_array_append_new(acts, json_string("rectify"));
		if (active && strcmp(st, "appealed") &&
		    json_is_null(json_object_get(f, "callback_on")))
			json_array_append_new(acts, json_string("callback"));
		if (!strcmp(st, "open") || !strcmp(st, "contacted") || !strcmp(st, "rectified"))
			json_array_append_new(acts, json_string("appeal"));
		if (!strcmp(st, "appealed") && may_review(f, a, r))
			json_array_append_new(acts, json_string("review"));
		if (!strcmp(st, "rectified") && !json_is_null(json_object_get(f, "callback_on")))
			json_array_append_new(acts, json_string("close"));
		json_object_set_new(f, "actions", acts);
	}
	static const char *const drop[] = {
	    "subject_kind",     "subject_id",     "round",         "level",
	    "comment",          "channel",        "rated_on",      "named",
	    "excluded",         "org_id",         "org_name",      "contact_due",
	    "contacted_on",     "contact_note",   "rectify_due",   "rectified_on",
	    "rectify_note",     "rectify_days",   "callback_on",   "callback_note",
	    "appeal_on",        "appeal_reason",  "appeal_by",     "appeal_by_name",
	    "appeal_from",      "review_on",      "review_upheld", "review_note",
	    "review_by",        "review_by_name", "department_id", "department_name",
	    "calendar_missing", "is_demo",        "rating_id",     NULL};
	for (int k = 0; drop[k]; k++)
		json_object_del(f, drop[k]);
}

int service_followup(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e)
{
	if (a && svc_need_staff(a, e))
		return -1;
	json_t *f = store_row(db, FOLLOWUP_SELECT " WHERE f.id = ?", "i", id);
	if (!f)
		return derr_store(e, db, "follow-up");
	if (json_is_null(f)) {
		json_decref(f);
		return derr_set(e, DERR_NOT_FOUND, NULL, "整改记录不存在");
	}
	struct review_rights r = {0};
	if (a && load_review_rights(db, a, &r, e)) {
		json_decref(f);
		return -1;
	}
	shape_followup(f, a, a ? &r : NULL, servcal_today());
	release_review_rights(&r);
	*out = f;
	return 0;
}

int service_followups(struct store *db, const struct actor *a, const char *status, int late_only,
                      int callback_only, int64_t department_id, int64_t page, int64_t size,
                      json_t **items, int64_t *total, struct derr *e)
{
	static const char *const statuses[] = {"open",     "contacted", "rectified", "closed",
	                                       "appealed", "voided",    "active",    NULL};
	struct buf w = BUF_INIT, sql = BUF_INIT, count_sql = BUF_INIT;
	struct store_args args = {0};
	char today[11];
	if (svc_need_staff(a, e))
		return -1;
	if (status && !one_of(status, statuses))
		return derr_set(e, DERR_INVALID, "status", "没有这种整改状态");
	svc_day(servcal_today(), today);
	buf_adds(&w, " WHERE 1 = 1");
	if (status && !strcmp(status, "active")) {
		buf_adds(&w, " AND f.status NOT IN ('closed', 'voided')");
	} else if (status) {
		buf_adds(&w, " AND f.status = ?");
		store_args_text(&args, status);
	}
	if (late_only) {
		buf_adds(
		    &w, " AND f.status NOT IN ('closed', 'voided') AND ((f.contacted_on IS NULL AND"
		        " f.contact_due < ?) OR (f.rectified_on IS NULL AND f.rectify_due < ?))");
		store_args_text(&args, today);
		store_args_text(&args, today);
	}
	if (callback_only)
		buf_adds(&w, " AND r.named = 1 AND f.callback_on IS NULL AND f.status <> 'voided'");
	if (department_id) {
		buf_adds(&w, " AND f.department_id = ?");
		store_args_int(&args, department_id);
	}
	buf_addf(&count_sql,
	         "SELECT COUNT(*) FROM service_followups f JOIN service_ratings r ON"
	         " r.id = f.rating_id%s",
	         w.data);
	buf_addf(&sql, FOLLOWUP_SELECT "%s ORDER BY f.id DESC LIMIT ? OFFSET ?", w.data);
	int rc = buf_failed(&sql) ? derr_internal(e, "follow-ups: out of memory")
	                          : svc_page(db, count_sql.data, sql.data, &args, page, size, items,
	                                     total, "follow-ups", e);
	buf_release(&w);
	buf_release(&sql);
	buf_release(&count_sql);
	if (rc)
		return -1;
	size_t i;
	json_t *row;
	int32_t t = servcal_today();
	struct review_rights r;
	if (load_review_rights(db, a, &r, e)) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	json_array_foreach(*items, i, row) shape_followup(row, a, &r, t);
	release_review_rights(&r);
	return 0;
}

static const char *const step_names[] = {"contact", "rectify", "callback",
                                         "appeal",  "review",  "close"};

int service_followup_step(struct store *db, const struct actor *a, int64_t id,
                          const struct followup_step_input *in, struct derr *e)
{
	char d[11], action[48];
	if (svc_need_officer(a, e))
		return -1;
	if (in->step != FOLLOW_REVIEW && in->step != FOLLOW_CLOSE && (!in->note || !*in->note))
		return derr_set(e, DERR_INVALID, "note", "请填写说明");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "follow-up: begin");
	json_t *f =
	    store_row(db,
	              "SELECT f.status, f.opened_on, f.contacted_on, f.rectified_on,"
	              " f.callback_on, f.appeal_on, f.appeal_from, f.appeal_by,"
	              " f.department_id, f.rating_id FROM service_followups f WHERE f.id = ?",
	              "i", id);
	if (!f)
		return derr_store(e, db, "follow-up: load");
	if (json_is_null(f)) {
		json_decref(f);
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "整改记录不存在");
	}
	char status[16], from[16];
	snprintf(status, sizeof(status), "%s", svc_str(f, "status"));
	snprintf(from, sizeof(from), "%s", svc_str(f, "appeal_from"));
	int32_t last = svc_parse_day(svc_str(f, "opened_on"));
	static const char *const dated[] = {"contacted_on", "rectified_on", "callback_on",
	                                    "appeal_on", NULL};
	for (int k = 0; dated[k]; k++) {
		int32_t x = svc_parse_day(svc_str(f, dated[k]));
		if (x > last)
			last = x;
	}
	int64_t appeal_by = svc_int(f, "appeal_by"), department = svc_int(f, "department_id");
	int64_t rating = svc_int(f, "rating_id");
	int called_back = !json_is_null(json_object_get(f, "callback_on"));
	json_decref(f);
	int32_t day = svc_step_day(a, in->on, last, e);
	if (!day) {
		store_rollback(db);
		return -1;
	}
	svc_day(day, d);
	int64_t now = now_seconds();
	const char *bad = NULL;
	int rc = 0;
	switch (in->step) {
	case FOLLOW_CONTACT:
		if (strcmp(status, "open"))
			bad = "只有待联系的整改可以记录联系";
		else
			rc = store_run(
			    db,
			    "UPDATE service_followups SET status = 'contacted', contacted_on = ?,"
			    " contact_note = ?, updated_at = ? WHERE id = ?",
			    "ttii", d, in->note, now, id);
		break;
	case FOLLOW_RECTIFY:
		if (strcmp(status, "contacted"))
			bad = "联系申请人之后才能记录整改";
		else
			rc = store_run(
			    db,
			    "UPDATE service_followups SET status = 'rectified', rectified_on = ?,"
			    " rectify_note = ?, updated_at = ? WHERE id = ?",
			    "ttii", d, in->note, now, id);
		break;
	case FOLLOW_CALLBACK:
		if (!strcmp(status, "closed") || !strcmp(status, "voided") ||
		    !strcmp(status, "appealed"))
			bad = "这条整改现在不能回访";
		else if (called_back)
			bad = "已回访过";
		else
			rc = store_run(
			    db,
			    "UPDATE service_followups SET callback_on = ?, callback_note = ?,"
			    " updated_at = ? WHERE id = ?",
			    "ttii", d, in->note, now, id);
		break;
	case FOLLOW_APPEAL:
		if (strcmp(status, "open") && strcmp(status, "contacted") &&
		    strcmp(status, "rectified"))
			bad = "这条整改现在不能申诉";
		else
			rc = store_run(
			    db,
			    "UPDATE service_followups SET status = 'appealed', appeal_from = ?,"
			    " appeal_on = ?, appeal_reason = ?, appeal_by = ?, updated_at = ?"
			    " WHERE id = ?",
			    "ttti"
			    "ii",
			    status, d, in->note, a->id, now, id);
		break;
	case FOLLOW_REVIEW: {
		int64_t heads = 0, me = 0;
		if (strcmp(status, "appealed")) {
			bad = "没有待复核的申诉";
			break;
		}
		if (department &&
		    (store_int64(db, &heads,
		                 "SELECT COUNT(*) FROM service_department_members WHERE"
		                 " department_id = ? AND is_head = 1",
		                 "i", department) != STORE_ROW ||
		     store_int64(db, &me,
		                 "SELECT COUNT(*) FROM service_department_members WHERE"
		                 " department_id = ? AND is_head = 1 AND account_id = ?",
		                 "ii", department, a->id) != STORE_ROW))
			return derr_store(e, db, "follow-up: heads");
		if (a->id == appeal_by || (heads && !me)) {
			store_rollback(db);
			return derr_set(e, DERR_FORBIDDEN, NULL,
			                "申诉须由申诉人以外的人员（部门负责人）复核");
		}
		rc =
		    store_run(
		        db,
		        "UPDATE service_followups SET status = ?, review_on = ?, review_upheld = ?,"
		        " review_note = ?, review_by = ?, closed_on = ?, updated_at = ?"
		        " WHERE id = ?",
		        "ttit"
		        "itii",
		        in->upheld ? "voided" : from, d, (int64_t)in->upheld,
		        in->note ? in->note : "", a->id, in->upheld ? d : NULL, now, id) ||
		    (in->upheld &&
		     store_run(db, "UPDATE service_ratings SET excluded = 1 WHERE id = ?", "i",
		               rating));
		break;
	}
	case FOLLOW_CLOSE:
		if (strcmp(status, "rectified")) {
			bad = "整改完成后才能办结";
		} else if (!called_back) {
			store_rollback(db);
			return derr_set(e, DERR_RULE, NULL, "须先回访申请人，再办结整改");
		} else {
			rc = store_run(
			    db,
			    "UPDATE service_followups SET status = 'closed', closed_on = ?,"
			    " updated_at = ? WHERE id = ?",
			    "tii", d, now, id);
		}
		break;
	}
	if (bad) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "wrong_state", NULL, bad);
	}
	if (rc)
		return derr_store(e, db, "follow-up: step");
	snprintf(action, sizeof(action), "service.followup_%s", step_names[in->step]);
	if (audit_write(db, a, action, "service_followup", id, d, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "follow-up: commit");
}
