/*
 * Applications (投递): a student applies to an open position; HR of that
 * enterprise moves it along the pipeline (domain/recruit.h); every change
 * is kept in application_events with its time and actor.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/recommend.h"
#include "api/export.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/recruit.h"

#define CONSENT_VERSION "2026-11"

#define APPLICATION_SELECT                                                                         \
	"SELECT ap.id, ap.status, ap.note, ap.created_at, ap.updated_at, ap.position_id,"          \
	" p.title AS position_title, p.kind AS position_kind, ap.enterprise_id,"                   \
	" o.name AS enterprise_name, ap.student_id, s.name AS student_name,"                       \
	" s.college_id, col.name AS college_name, s.major_code, m.name AS major_name,"             \
	" s.grad_year, s.degree, s.phone_masked AS phone FROM applications ap"                     \
	" JOIN positions p ON p.id = ap.position_id"                                               \
	" JOIN organizations o ON o.id = ap.enterprise_id"                                         \
	" JOIN students s ON s.id = ap.student_id"                                                 \
	" JOIN organizations col ON col.id = s.college_id"                                         \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

static const char *const apply_fields[] = {NULL};

void api_applications_apply(struct api_ctx *c)
{
	int64_t pid, sid = api_own_student(c), app = 0, now = now_seconds();
	api_only_fields(c, apply_fields);
	if (api_failed(c) || api_path_id(c, &pid))
		return;
	if (!sid) {
		api_fail(c, 422, "rule", NULL, "请先完善学生档案");
		return;
	}
	json_t *p =
	    store_row(c->db,
	              "SELECT p.status, p.deadline, p.min_degree, p.enterprise_id,"
	              " p.grad_year_min, p.grad_year_max, s.degree, s.grad_year, s.major_code,"
	              " (SELECT COUNT(*) FROM position_majors pm WHERE pm.position_id = p.id)"
	              " AS restricted, (SELECT COUNT(*) FROM position_majors pm WHERE"
	              " pm.position_id = p.id AND s.major_code LIKE pm.major_code || '%')"
	              " AS major_ok FROM positions p, students s WHERE p.id = ? AND s.id = ?",
	              "ii", pid, sid);
	if (!p) {
		api_internal(c, "apply lookup");
		return;
	}
	const char *status = json_string_value(json_object_get(p, "status"));
	if (json_is_null(p) || strcmp(status, "open")) {
		json_decref(p);
		api_fail(c, 404, "not_found", NULL, "岗位不存在或已关闭");
		return;
	}
#define GET(k) json_integer_value(json_object_get(p, k))
	/* The field names the position's rule that refused. */
	const char *why = NULL, *field = NULL;
	if (json_is_integer(json_object_get(p, "deadline")) && GET("deadline") < now)
		why = "已过报名截止时间", field = "deadline";
	else if (GET("degree") < GET("min_degree"))
		why = "学历层次不符合岗位要求", field = "min_degree";
	else if (GET("restricted") && !GET("major_ok"))
		why = "所学专业不在岗位接受的专业范围内", field = "majors";
	else if (json_is_integer(json_object_get(p, "grad_year_min")) &&
	         (!GET("grad_year") || GET("grad_year") < GET("grad_year_min")))
		why = "毕业年份不符合岗位要求", field = "grad_year";
	else if (json_is_integer(json_object_get(p, "grad_year_max")) &&
	         (!GET("grad_year") || GET("grad_year") > GET("grad_year_max")))
		why = "毕业年份不符合岗位要求", field = "grad_year";
	int64_t enterprise = GET("enterprise_id");
#undef GET
	json_decref(p);
	if (why) {
		api_fail(c, 422, "rule", field, why);
		return;
	}
	if (store_begin(c->db) != STORE_OK) {
		api_internal(c, "begin");
		return;
	}
	int rc = store_int64(c->db, &app,
	                     "INSERT INTO applications (student_id, position_id, enterprise_id,"
	                     " created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	                     "iiiii", sid, pid, enterprise, now, now);
	if (rc == STORE_UNIQUE) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", NULL, "已经投递过这个岗位");
		return;
	}
	/* Applying is consent for this enterprise to see the résumé (PIPL). */
	if (rc != STORE_ROW ||
	    store_run(c->db,
	              "INSERT INTO application_events (application_id, from_status, to_status,"
	              " actor_id, at) VALUES (?, NULL, 'submitted', ?, ?)",
	              "iii", app, c->actor.id, now) ||
	    store_run(c->db,
	              "INSERT INTO consents (student_id, kind, enterprise_id, text_version,"
	              " granted_at) VALUES (?, 'apply', ?, ?, ?)",
	              "iiti", sid, enterprise, CONSENT_VERSION, now) ||
	    store_commit(c->db) != STORE_OK) {
		api_internal(c, "apply");
		return;
	}
	recommend_student_changed(c->db, sid);
	api_audit(c, "application.create", "application", app, "ok", NULL);
	api_reply(c, 201,
	          json_pack("{s:o}", "application",
	                    store_row(c->db, APPLICATION_SELECT " WHERE ap.id = ?", "i", app)));
}

/* Loads {id} when the caller may act on it: its student, HR of its
 * enterprise, the operator; staff of the student's college may read it
 * (for_write 0).  Returns the status (arena) or NULL. */
static const char *scoped_application(struct api_ctx *c, int64_t *id, int64_t *student,
                                      int64_t *enterprise, int for_write)
{
	if (api_path_id(c, id))
		return NULL;
	json_t *row = store_row(c->db,
	                        "SELECT ap.status, ap.student_id, ap.enterprise_id, s.account_id, s.college_id"
	                        " FROM applications ap JOIN students s ON s.id = ap.student_id"
	                        " WHERE ap.id = ?",
	                        "i", *id);
	if (!row) {
		api_internal(c, "application get");
		return NULL;
	}
	int ok = json_is_object(row);
	if (ok) {
		*student = json_integer_value(json_object_get(row, "student_id"));
		*enterprise = json_integer_value(json_object_get(row, "enterprise_id"));
		int64_t account = json_integer_value(json_object_get(row, "account_id"));
		ok = c->actor.role == ROLE_OPERATOR ||
		     (c->actor.role == ROLE_ENTERPRISE && *enterprise == c->actor.org_id) ||
		     (c->actor.role == ROLE_COLLEGE && !for_write &&
		      json_integer_value(json_object_get(row, "college_id")) == c->actor.org_id) ||
		     (c->actor.role == ROLE_STUDENT && account == c->actor.id);
	}
	const char *status =
	    ok ? arena_strdup(c->arena, json_string_value(json_object_get(row, "status"))) : NULL;
	json_decref(row);
	if (!ok)
		api_fail(c, 404, "not_found", NULL, "投递记录不存在");
	return status;
}

/* Applies one status change (inside the caller's transaction). */
static int change(struct api_ctx *c, int64_t id, const char *from, const char *to, const char *note)
{
	int64_t now = now_seconds(), done = 0;
	if (store_int64(
	        c->db, &done,
	        "UPDATE applications SET status = ?, note = COALESCE(?, note), updated_at = ?"
	        " WHERE id = ? AND status = ? RETURNING id",
	        "ttiit", to, note, now, id, from) != STORE_ROW)
		return -1;
	return store_run(c->db,
	                 "INSERT INTO application_events (application_id, from_status, to_status,"
	                 " actor_id, at, note) VALUES (?, ?, ?, ?, ?, ?)",
	                 "ittiit", id, from, to, c->actor.id, now, note);
}

static void transition(struct api_ctx *c, const char *to, const char *note)
{
	int64_t id, student, enterprise;
	const char *from = scoped_application(c, &id, &student, &enterprise, 1);
	if (!from)
		return;
	int by_student = c->actor.role == ROLE_STUDENT;
	int64_t accepted = 0;
	/* A student accepts one offer (签约): a second is refused. */
	if (!strcmp(to, "accepted") &&
	    store_int64(c->db, &accepted,
	                "SELECT COUNT(*) FROM applications WHERE student_id = ? AND status = 'accepted'",
	                "i", student) == STORE_ROW &&
	    accepted) {
		api_fail(c, 422, "rule", "status", "已接受其他录用，不能再接受");
		return;
	}
	if (!application_transition_ok(from, to, by_student)) {
		api_fail(c, 422, "rule", "status",
		         arena_printf(c->arena, "不能从“%s”变为“%s”",
		                      application_status_label(from),
		                      application_status_label(to)));
		return;
	}
	if (store_begin(c->db) != STORE_OK || change(c, id, from, to, note) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "status", "状态已被他人修改，请刷新");
		return;
	}
	/* The engine counts applications as interest, and accepted offers as
	 * seats filled. */
	recommend_student_changed(c->db, student);
	if (!strcmp(to, "accepted")) {
		int64_t position = 0;
		if (store_int64(c->db, &position, "SELECT position_id FROM applications WHERE id = ?",
		                "i", id) == STORE_ROW)
			recommend_position_changed(c->db, position);
	}
	api_audit(c, "application.status", "application", id, "ok", to);
	api_reply(c, 200,
	          json_pack("{s:o}", "application",
	                    store_row(c->db, APPLICATION_SELECT " WHERE ap.id = ?", "i", id)));
}

static const char *const status_fields[] = {"status", "note", NULL};

void api_applications_status(struct api_ctx *c)
{
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "status", API_REQUIRED, 1, 20);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 1000);
	if (to && !application_status_valid(to))
		api_fail(c, 400, "invalid", "status", "未知的投递状态");
	if (!api_failed(c))
		transition(c, to, note);
}

void api_applications_withdraw(struct api_ctx *c)
{
	if (!api_no_fields(c))
		transition(c, "withdrawn", NULL);
}

void api_applications_accept(struct api_ctx *c)
{
	if (!api_no_fields(c))
		transition(c, "accepted", NULL);
}

static const char *const bulk_fields[] = {"ids", "status", "note", NULL};

/* HR: one status for many applications, all or nothing. */
void api_applications_bulk(struct api_ctx *c)
{
	api_only_fields(c, bulk_fields);
	const char *to = api_str(c, "status", API_REQUIRED, 1, 20);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 1000);
	/* Integers only: 1.5 or "1" is a malformed request (400 naming ids),
	 * not an unknown application. */
	json_t *ids = api_int_array(c, "ids", 500, 1, INT64_MAX);
	if (!api_failed(c) && !json_array_size(ids))
		api_fail(c, 400, "invalid", "ids", "ids 应为 1–500 个投递编号");
	if (to && !application_status_valid(to))
		api_fail(c, 400, "invalid", "status", "未知的投递状态");
	if (api_failed(c))
		return;
	if (store_begin(c->db) != STORE_OK) {
		api_internal(c, "begin");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int64_t id = json_integer_value(v);
		json_t *row = store_row(c->db,
		                        "SELECT status FROM applications WHERE id = ? AND"
		                        " enterprise_id = ?",
		                        "ii", id, c->actor.org_id);
		const char *from = json_string_value(json_object_get(row, "status"));
		const char *why = !json_is_object(row) ? "投递记录不存在"
		                  : !application_transition_ok(from, to, 0) ? "状态不允许此变更"
		                  : change(c, id, from, to, note) ? "状态已被他人修改"
		                                                  : NULL;
		json_decref(row);
		if (why) {
			store_rollback(c->db);
			api_fail(c, 422, "rule", "ids",
			         arena_printf(c->arena,
			                      "第 %zu 个投递（编号 %lld）：%s；未做任何修改", i + 1,
			                      (long long)id, why));
			return;
		}
	}
	if (store_commit(c->db) != STORE_OK) {
		api_internal(c, "bulk commit");
		return;
	}
	api_audit(c, "application.bulk_status", "application", 0, "ok",
	          arena_printf(c->arena, "%zu -> %s", json_array_size(ids), to));
	api_reply(c, 200, json_pack("{s:I}", "updated", (json_int_t)json_array_size(ids)));
}

void api_applications_get(struct api_ctx *c)
{
	int64_t id, student, enterprise;
	/* A GET never writes: the page marks a new application viewed with
	 * POST /applications/{id}/viewed. */
	if (!scoped_application(c, &id, &student, &enterprise, 0))
		return;
	json_t *app = store_row(c->db, APPLICATION_SELECT " WHERE ap.id = ?", "i", id);
	json_t *events =
	    store_rows(c->db,
	               "SELECT e.from_status, e.to_status, e.at, e.note, a.display_name AS"
	               " actor FROM application_events e LEFT JOIN accounts a ON"
	               " a.id = e.actor_id WHERE e.application_id = ? ORDER BY e.id",
	               "i", id);
	if (!app || !events) {
		json_decref(app);
		json_decref(events);
		api_internal(c, "application get");
		return;
	}
	json_object_set_new(app, "history", events);
	api_reply(c, 200, json_pack("{s:o}", "application", app));
}

/* HR opened a submitted application: it becomes viewed (已查看), which the
 * student sees.  Any other status is left as it is (200, nothing written). */
void api_applications_viewed(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	int64_t id, student, enterprise;
	if (api_only_fields(c, none))
		return;
	const char *status = scoped_application(c, &id, &student, &enterprise, 1);
	if (!status)
		return;
	if (!strcmp(status, "submitted")) {
		if (store_begin(c->db) != STORE_OK || change(c, id, "submitted", "viewed", NULL) ||
		    store_commit(c->db) != STORE_OK) {
			/* Someone moved it on meanwhile: it is no longer new. */
			store_rollback(c->db);
		} else {
			api_audit(c, "application.status", "application", id, "ok", "viewed");
		}
	}
	json_t *app = store_row(c->db, APPLICATION_SELECT " WHERE ap.id = ?", "i", id);
	if (!app) {
		api_internal(c, "application viewed");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "application", app));
}

/* The caller's applications: a student's own, HR's per position or all of
 * their enterprise's (pipeline), the operator's any. */
static void applications_list(struct api_ctx *c, int export)
{
	struct buf where = BUF_INIT;
	struct store_args a = {0};
	int64_t page, size, total = 0;
	int64_t position = api_query_int(c, "position_id", 0, 1, INT64_MAX);
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size);
	if (status && !application_status_valid(status))
		api_fail(c, 400, "invalid", "status", "未知的投递状态");
	if (api_failed(c))
		return;
	buf_adds(&where, " WHERE 1 = 1");
	if (c->actor.role == ROLE_STUDENT) {
		buf_adds(&where, " AND s.account_id = ?");
		store_args_int(&a, c->actor.id);
	} else if (c->actor.role == ROLE_ENTERPRISE) {
		buf_adds(&where, " AND ap.enterprise_id = ?");
		store_args_int(&a, c->actor.org_id);
	} else if (c->actor.role == ROLE_COLLEGE) {
		buf_adds(&where, " AND s.college_id = ?");
		store_args_int(&a, c->actor.org_id);
	}
	if (position) {
		buf_adds(&where, " AND ap.position_id = ?");
		store_args_int(&a, position);
	}
	if (status) {
		buf_adds(&where, " AND ap.status = ?");
		store_args_text(&a, status);
	}
	if (export) {
		static const struct export_column cols[] = {
		    {"投递编号", EXPORT_INT, 10}, {"状态", EXPORT_TEXT, 10},   {"岗位", EXPORT_TEXT, 24},
		    {"企业", EXPORT_TEXT, 30},    {"学生", EXPORT_TEXT, 10},   {"院校", EXPORT_TEXT, 30},
		    {"专业", EXPORT_TEXT, 20},    {"毕业年份", EXPORT_INT, 8}, {"手机号", EXPORT_TEXT, 14},
		    {"投递时间", EXPORT_TIME, 18}, {"更新时间", EXPORT_TIME, 18}, {"备注", EXPORT_TEXT, 30},
		    {NULL, 0, 0}};
		char *sql = arena_printf(
		    c->arena,
		    "SELECT ap.id, CASE ap.status WHEN 'submitted' THEN '投递' WHEN 'viewed' THEN"
		    " '已查看' WHEN 'interview' THEN '面试' WHEN 'offered' THEN '录用' WHEN"
		    " 'accepted' THEN '已接受' WHEN 'rejected' THEN '不合适' ELSE '已撤回' END,"
		    " p.title, o.name, s.name, col.name, m.name, s.grad_year, s.phone_masked,"
		    " ap.created_at, ap.updated_at, ap.note FROM applications ap"
		    " JOIN positions p ON p.id = ap.position_id JOIN organizations o ON"
		    " o.id = ap.enterprise_id JOIN students s ON s.id = ap.student_id"
		    " JOIN organizations col ON col.id = s.college_id LEFT JOIN dict_majors m ON"
		    " m.code = s.major_code%s ORDER BY ap.id DESC",
		    where.data);
		buf_release(&where);
		struct store_stmt *st = store_query_args(c->db, sql, &a);
		if (!st || export_xlsx(c, "applications.xlsx", "投递", cols, st))
			api_internal(c, "applications export");
		store_finalize(st);
		if (!api_failed(c))
			api_audit(c, "application.export", "application", 0, "ok", NULL);
		return;
	}
	char *count_sql = arena_printf(c->arena,
	                               "SELECT COUNT(*) FROM applications ap JOIN students s ON"
	                               " s.id = ap.student_id%s",
	                               where.data);
	char *sql = arena_printf(
	    c->arena, APPLICATION_SELECT "%s ORDER BY ap.id DESC LIMIT ? OFFSET ?", where.data);
	buf_release(&where);
	json_t *items = api_page_rows(c, count_sql, sql, &a, page, size, &total);
	if (!items) {
		api_internal(c, "applications list");
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_applications_list(struct api_ctx *c)
{
	applications_list(c, 0);
}

void api_applications_export(struct api_ctx *c)
{
	applications_list(c, 1);
}
