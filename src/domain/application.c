/*
 * Applications (application.h): applying, the pipeline's moves one at a
 * time or in bulk, reading one with its history, and the lists.
 */
#include "domain/application.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/contact_consent.h"
#include "domain/interview_invite.h"
#include "domain/recommend.h"
#include "domain/recruit.h"

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

/* Application id as the answer shows it (a row: it exists).  0 and *out,
 * or -1 with e (rolled back). */
static int read_application(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	*out = store_row(db, APPLICATION_SELECT " WHERE ap.id = ?", "i", id);
	if (*out && json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_store(e, db, "application: read");
}

/* Commits the caller's transaction, the last database operation of a
 * write; drops *out when the commit failed (it then rolled back). */
static int commit(struct store *db, json_t **out, const char *what, struct derr *e)
{
	if (store_commit(db) == STORE_OK)
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_store(e, db, what);
}

/* ---- applying ---- */

/* The position's rule that refuses student row p, as (field, words). */
static const char *refusal(json_t *p, int64_t now, const char **field)
{
#define GET(k) json_integer_value(json_object_get(p, k))
#define HAS(k) json_is_integer(json_object_get(p, k))
	*field = NULL;
	if (HAS("deadline") && GET("deadline") < now)
		return *field = "deadline", "已过报名截止时间";
	if (GET("degree") < GET("min_degree"))
		return *field = "min_degree", "学历层次不符合岗位要求";
	if (GET("restricted") && !GET("major_ok"))
		return *field = "majors", "所学专业不在岗位接受的专业范围内";
	if (HAS("grad_year_min") && (!GET("grad_year") || GET("grad_year") < GET("grad_year_min")))
		return *field = "grad_year", "毕业年份不符合岗位要求";
	if (HAS("grad_year_max") && (!GET("grad_year") || GET("grad_year") > GET("grad_year_max")))
		return *field = "grad_year", "毕业年份不符合岗位要求";
	return NULL;
#undef GET
#undef HAS
}

/* Position pid and student sid side by side, for the position's rules. */
static json_t *position_for(struct store *db, int64_t pid, int64_t sid)
{
	return store_row(db,
	                 "SELECT p.status, p.deadline, p.min_degree, p.enterprise_id,"
	                 " p.grad_year_min, p.grad_year_max, s.degree, s.grad_year, s.major_code,"
	                 " (SELECT COUNT(*) FROM position_majors pm WHERE pm.position_id = p.id)"
	                 " AS restricted, (SELECT COUNT(*) FROM position_majors pm WHERE"
	                 " pm.position_id = p.id AND s.major_code LIKE pm.major_code || '%')"
	                 " AS major_ok FROM positions p, students s WHERE p.id = ? AND s.id = ?",
	                 "ii", pid, sid);
}

/* The rows applying writes: the application, its first event and the
 * consent.  0 and *app, 1 when the student applied before, -1 (store). */
static int insert_application(struct store *db, const struct actor *a, int64_t sid, int64_t pid,
                              int64_t enterprise, int64_t now, int64_t *app)
{
	int rc = store_int64(db, app,
	                     "INSERT INTO applications (student_id, position_id, enterprise_id,"
	                     " created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	                     "iiiii", sid, pid, enterprise, now, now);
	if (rc == STORE_UNIQUE)
		return 1;
	if (rc != STORE_ROW ||
	    store_run(db,
	              "INSERT INTO application_events (application_id, from_status, to_status,"
	              " actor_id, at) VALUES (?, NULL, 'submitted', ?, ?)",
	              "iii", *app, a->id, now) != STORE_OK ||
	    store_run(db,
	              "INSERT INTO consents (student_id, kind, enterprise_id, text_version,"
	              " granted_at) VALUES (?, 'apply', ?, ?, ?)",
	              "iiti", sid, enterprise, APPLICATION_CONSENT_VERSION, now) != STORE_OK)
		return -1;
	return 0;
}

int application_apply(struct store *db, const struct actor *a, int64_t position, json_t **out,
                      struct derr *e)
{
	int64_t sid = 0, app = 0, now = now_seconds();
	*out = NULL;
	int rc =
	    a->role == ROLE_STUDENT
	        ? store_int64(db, &sid,
	                      "SELECT id FROM students WHERE account_id = ? AND closed_at IS NULL",
	                      "i", a->id)
	        : STORE_DONE;
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "apply: own student");
	if (!sid)
		return derr_set(e, DERR_RULE, NULL, "请先完善学生档案");
	json_t *p = position_for(db, position, sid);
	if (!p)
		return derr_store(e, db, "apply: position");
	const char *status = json_string_value(json_object_get(p, "status"));
	if (!json_is_object(p) || strcmp(status, "open")) {
		json_decref(p);
		return derr_set(e, DERR_NOT_FOUND, NULL, "岗位不存在或已关闭");
	}
	const char *field, *why = refusal(p, now, &field);
	int64_t enterprise = json_integer_value(json_object_get(p, "enterprise_id"));
	json_decref(p);
	if (why)
		return derr_set(e, DERR_RULE, field, why);
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "apply: begin");
	rc = insert_application(db, a, sid, position, enterprise, now, &app);
	if (rc > 0) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "已经投递过这个岗位");
	}
	if (rc < 0)
		return derr_store(e, db, "apply");
	if (audit_write(db, a, "application.create", "application", app, NULL, e) ||
	    read_application(db, app, out, e) || commit(db, out, "apply", e))
		return -1;
	/* The engine counts applications as interest. */
	recommend_student_changed(db, sid);
	return 0;
}

/* ---- one application in the caller's scope ---- */

struct scoped {
	int64_t id, student, enterprise, position;
	char status[16];
};

/* Loads application id when a may act on it: its student, HR of its
 * enterprise, the operator; staff of the student's college may read it
 * (for_write 0).  0, or -1 with e (404 otherwise). */
static int load_scoped(struct store *db, const struct actor *a, int64_t id, int for_write,
                       struct scoped *out, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT ap.status, ap.student_id, ap.enterprise_id, ap.position_id, s.account_id,"
	    " s.college_id FROM applications ap JOIN students s ON s.id = ap.student_id"
	    " WHERE ap.id = ?",
	    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR, ok = 0;
	if (rc == STORE_ROW) {
		out->id = id;
		snprintf(out->status, sizeof(out->status), "%s", store_column_text(st, 0));
		out->student = store_column_int64(st, 1);
		out->enterprise = store_column_int64(st, 2);
		out->position = store_column_int64(st, 3);
		int64_t account = store_column_int64(st, 4), college = store_column_int64(st, 5);
		ok = a->role == ROLE_OPERATOR ||
		     (a->role == ROLE_ENTERPRISE && out->enterprise == a->org_id) ||
		     (a->role == ROLE_COLLEGE && !for_write && college == a->org_id) ||
		     (a->role == ROLE_STUDENT && account == a->id);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "application: load");
	return ok ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "投递记录不存在");
}

/* Applies one status change inside the caller's transaction.  0 done,
 * 1 when the application is no longer in `from`, -1 (store). */
static int change(struct store *db, const struct actor *a, int64_t id, const char *from,
                  const char *to, const char *note)
{
	int64_t now = now_seconds(), done = 0;
	int rc = store_int64(db, &done,
	                     "UPDATE applications SET status = ?, note = COALESCE(?, note),"
	                     " updated_at = ? WHERE id = ? AND status = ? RETURNING id",
	                     "ttiit", to, note, now, id, from);
	if (rc == STORE_DONE)
		return 1;
	if (rc != STORE_ROW)
		return -1;
	return store_run(db,
	                 "INSERT INTO application_events (application_id, from_status, to_status,"
	                 " actor_id, at, note) VALUES (?, ?, ?, ?, ?, ?)",
	                 "ittiit", id, from, to, a->id, now, note) == STORE_OK
	           ? 0
	           : -1;
}

int application_step(struct store *db, const struct actor *a, int64_t id, const char *from,
                     const char *to, const char *note)
{
	return change(db, a, id, from, to, note);
}

int application_hold(struct store *db, int64_t id, const char *status)
{
	int64_t held = 0;
	int rc = store_int64(db, &held,
	                     "UPDATE applications SET status = status WHERE id = ? AND status = ?"
	                     " RETURNING id",
	                     "it", id, status);
	return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : -1;
}

int application_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                    struct derr *e)
{
	struct scoped s;
	*out = NULL;
	if (load_scoped(db, a, id, 0, &s, e) || read_application(db, id, out, e))
		return -1;
	json_t *events =
	    store_rows(db,
	               "SELECT e.from_status, e.to_status, e.at, e.note, a.display_name AS"
	               " actor FROM application_events e LEFT JOIN accounts a ON"
	               " a.id = e.actor_id WHERE e.application_id = ? ORDER BY e.id",
	               "i", id);
	if (!events) {
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, "application: history");
	}
	json_object_set_new(*out, "history", events);
	return 0;
}

/* What a move brings with it, inside its transaction: accepting an offer
 * consents to contact (contact_consent.h); closing the application (the
 * student withdrawing, HR rejecting) withdraws that consent and cancels its
 * open interview invitation.  0, or -1 with e (rolled back). */
static int after_move(struct store *db, const struct actor *a, const struct scoped *s,
                      const char *to, struct derr *e)
{
	if (!strcmp(to, "accepted"))
		return contact_consent_grant(db, a, s->id, s->student, s->enterprise, "offer", e);
	if (!strcmp(to, "withdrawn") || !strcmp(to, "rejected"))
		return contact_consent_withdraw(db, a, s->id, e) ||
		               interview_invite_close(db, a, s->id, e)
		           ? -1
		           : 0;
	return 0;
}

int application_move(struct store *db, const struct actor *a, int64_t id, const char *to,
                     const char *note, json_t **out, struct derr *e)
{
	struct scoped s;
	*out = NULL;
	if (load_scoped(db, a, id, 1, &s, e))
		return -1;
	/* A student accepts one offer (签约): a second is refused. */
	if (!strcmp(to, "accepted")) {
		int64_t accepted = 0;
		if (store_int64(db, &accepted,
		                "SELECT COUNT(*) FROM applications WHERE student_id = ? AND"
		                " status = 'accepted'",
		                "i", s.student) != STORE_ROW)
			return derr_store(e, db, "application: accepted");
		if (accepted)
			return derr_set(e, DERR_RULE, "status", "已接受其他录用，不能再接受");
	}
	if (!application_transition_ok(s.status, to, a->role == ROLE_STUDENT))
		return derr_codef(e, DERR_RULE, NULL, "status", "不能从“%s”变为“%s”",
		                  application_status_label(s.status), application_status_label(to));
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "application status");
	int rc = change(db, a, id, s.status, to, note);
	if (rc > 0) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "status", "状态已被他人修改，请刷新");
	}
	if (rc < 0)
		return derr_store(e, db, "application status");
	if (audit_write(db, a, "application.status", "application", id, to, e) ||
	    after_move(db, a, &s, to, e) || read_application(db, id, out, e) ||
	    commit(db, out, "application status", e))
		return -1;
	/* The engine counts applications as interest, and accepted offers as
	 * seats filled. */
	recommend_student_changed(db, s.student);
	if (!strcmp(to, "accepted"))
		recommend_position_changed(db, s.position);
	return 0;
}

int application_viewed(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e)
{
	struct scoped s;
	*out = NULL;
	if (load_scoped(db, a, id, 1, &s, e))
		return -1;
	if (strcmp(s.status, "submitted"))
		return read_application(db, id, out, e);
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "application viewed");
	int rc = change(db, a, id, "submitted", "viewed", NULL);
	if (rc < 0)
		return derr_store(e, db, "application viewed");
	if (rc > 0) {
		/* Someone moved it on meanwhile: it is no longer new. */
		store_rollback(db);
		return read_application(db, id, out, e);
	}
	if (audit_write(db, a, "application.status", "application", id, "viewed", e) ||
	    read_application(db, id, out, e) || commit(db, out, "application viewed", e))
		return -1;
	return 0;
}

int application_bulk(struct store *db, const struct actor *a, json_t *ids, const char *to,
                     const char *note, int64_t *updated, struct derr *e)
{
	size_t i;
	json_t *v;
	*updated = 0;
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有企业可以批量处理投递");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "bulk: begin");
	json_array_foreach(ids, i, v)
	{
		int64_t id = json_integer_value(v);
		char from[16] = "";
		struct store_stmt *st = store_query(
		    db, "SELECT status FROM applications WHERE id = ? AND enterprise_id = ?", "ii",
		    id, a->org_id);
		int rc = st ? store_step(st) : STORE_ERROR;
		if (rc == STORE_ROW)
			snprintf(from, sizeof(from), "%s", store_column_text(st, 0));
		store_finalize(st);
		if (rc != STORE_ROW && rc != STORE_DONE)
			return derr_store(e, db, "bulk: load");
		const char *why = NULL;
		if (rc == STORE_DONE)
			why = "投递记录不存在";
		else if (!application_transition_ok(from, to, 0))
			why = "状态不允许此变更";
		else if ((rc = change(db, a, id, from, to, note)) < 0)
			return derr_store(e, db, "bulk: change");
		else if (rc > 0)
			why = "状态已被他人修改";
		else if (!strcmp(to, "rejected") && (contact_consent_withdraw(db, a, id, e) ||
		                                     interview_invite_close(db, a, id, e)))
			return -1;
		if (why) {
			store_rollback(db);
			return derr_codef(e, DERR_RULE, NULL, "ids",
			                  "第 %zu 个投递（编号 %lld）：%s；未做任何修改", i + 1,
			                  (long long)id, why);
		}
	}
	char detail[48];
	snprintf(detail, sizeof(detail), "%zu -> %s", json_array_size(ids), to);
	if (audit_write(db, a, "application.bulk_status", "application", 0, detail, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "bulk: commit");
	*updated = (int64_t)json_array_size(ids);
	return 0;
}

/* ---- lists ---- */

/* The WHERE clause of a's scope and f's filters (over applications ap
 * joined with students s).  0, or -1 with e. */
static int list_where(const struct actor *a, const struct application_filter *f, struct buf *w,
                      struct store_args *args, struct derr *e)
{
	if (f->status && !application_status_valid(f->status))
		return derr_set(e, DERR_INVALID, "status", "未知的投递状态");
	buf_adds(w, " WHERE 1 = 1");
	if (a->role == ROLE_STUDENT) {
		buf_adds(w, " AND s.account_id = ?");
		store_args_int(args, a->id);
	} else if (a->role == ROLE_ENTERPRISE) {
		buf_adds(w, " AND ap.enterprise_id = ?");
		store_args_int(args, a->org_id);
	} else if (a->role == ROLE_COLLEGE) {
		buf_adds(w, " AND s.college_id = ?");
		store_args_int(args, a->org_id);
	} else if (a->role != ROLE_OPERATOR) {
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有权限查看投递");
	}
	if (f->position_id) {
		buf_adds(w, " AND ap.position_id = ?");
		store_args_int(args, f->position_id);
	}
	if (f->status) {
		buf_adds(w, " AND ap.status = ?");
		store_args_text(args, f->status);
	}
	return buf_failed(w) ? derr_internal(e, "applications: out of memory") : 0;
}

int application_list(struct store *db, const struct actor *a, const struct application_filter *f,
                     int64_t page, int64_t size, struct buf *items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT, sql = BUF_INIT;
	struct store_args args = {0};
	int rc = -1;
	*total = 0;
	if (list_where(a, f, &w, &args, e))
		goto out;
	int64_t offset = (page - 1) * size;
	buf_adds(&sql, APPLICATION_SELECT);
	buf_add(&sql, w.data, w.len);
	buf_adds(&sql, " ORDER BY ap.id DESC LIMIT ? OFFSET ?");
	store_args_int(&args, size);
	store_args_int(&args, offset);
	int64_t rows = buf_failed(&sql) ? -1 : store_rows_json(db, sql.data, &args, items);
	if (rows < 0) {
		derr_store(e, db, "applications list");
		goto out;
	}
	/* A page with rows that is not full is the last one: the total is
	 * known without counting (a student's whole list, mostly). */
	if (rows < size && (rows > 0 || offset == 0)) {
		*total = offset + rows;
		rc = 0;
		goto out;
	}
	args.n -= 2;
	buf_reset(&sql);
	buf_adds(&sql,
	         "SELECT COUNT(*) FROM applications ap JOIN students s ON s.id = ap.student_id");
	buf_add(&sql, w.data, w.len);
	if (buf_failed(&sql) || store_int64_args(db, total, sql.data, &args) != STORE_ROW)
		derr_store(e, db, "applications list: count");
	else
		rc = 0;
out:
	buf_release(&w);
	buf_release(&sql);
	return rc;
}

int application_export(struct store *db, const struct actor *a, const struct application_filter *f,
                       listing_rows_fn write, void *arg, struct derr *e)
{
	struct buf w = BUF_INIT, sql = BUF_INIT;
	struct store_args args = {0};
	int rc = -1;
	if (list_where(a, f, &w, &args, e))
		goto out;
	buf_addf(&sql,
	         "SELECT ap.id, CASE ap.status WHEN 'submitted' THEN '投递' WHEN 'viewed' THEN"
	         " '已查看' WHEN 'interview' THEN '面试' WHEN 'offered' THEN '录用' WHEN"
	         " 'accepted' THEN '已接受' WHEN 'rejected' THEN '不合适' ELSE '已撤回' END,"
	         " p.title, o.name, s.name, col.name, m.name, s.grad_year, s.phone_masked,"
	         " ap.created_at, ap.updated_at, ap.note FROM applications ap"
	         " JOIN positions p ON p.id = ap.position_id JOIN organizations o ON"
	         " o.id = ap.enterprise_id JOIN students s ON s.id = ap.student_id"
	         " JOIN organizations col ON col.id = s.college_id LEFT JOIN dict_majors m ON"
	         " m.code = s.major_code%s ORDER BY ap.id DESC",
	         w.data);
	if (buf_failed(&sql)) {
		derr_internal(e, "applications export: out of memory");
		goto out;
	}
	/* The export shows personal data of many students: audited once it
	 * was made (a failed export shows nothing). */
	rc = listing_export(db, sql.data, &args, write, arg, "applications export", e) ||
	             audit_write(db, a, "application.export", "application", 0, NULL, e)
	         ? -1
	         : 0;
out:
	buf_release(&w);
	buf_release(&sql);
	return rc;
}
