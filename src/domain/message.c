/*
 * Messages per application (message.h): the thread, sending with its rate
 * limit and contact-data check, the unread counts, and reports.
 */
#include "domain/message.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/application.h"
#include "domain/audit.h"
#include "domain/contact_consent.h"
#include "domain/contact_detect.h"

/* An application as the thread needs it, and a's side of it. */
struct thread {
	int64_t id;
	char status[16];
	const char *side; /* "student", "enterprise", or NULL: the operator reading */
};

/* Loads application id's thread for a: its student or HR of its
 * enterprise; the operator (for_write 0) only when the thread holds a
 * report.  0, or -1 with e (404 to anybody else). */
static int load_thread(struct store *db, const struct actor *a, int64_t id, int for_write,
                       struct thread *t, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT ap.status, ap.enterprise_id, s.account_id,"
	    " (SELECT COUNT(*) FROM message_reports r WHERE r.application_id = ap.id)"
	    " FROM applications ap JOIN students s ON s.id = ap.student_id WHERE ap.id = ?",
	    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	t->id = id;
	t->side = NULL;
	int ok = 0;
	if (rc == STORE_ROW) {
		snprintf(t->status, sizeof(t->status), "%s", store_column_text(st, 0));
		if (a->role == ROLE_STUDENT && store_column_int64(st, 2) == a->id)
			t->side = "student", ok = 1;
		else if (a->role == ROLE_ENTERPRISE && store_column_int64(st, 1) == a->org_id)
			t->side = "enterprise", ok = 1;
		else if (a->role == ROLE_OPERATOR && !for_write && store_column_int64(st, 3) > 0)
			ok = 1;
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "message: thread");
	return ok ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "投递记录不存在或无权查看消息");
}

/* Writing stops with the application. */
static int writable(const struct thread *t)
{
	return t->side && strcmp(t->status, "withdrawn") && strcmp(t->status, "rejected");
}

/* Ends a write: row (a store_row() result, taken) becomes *out and the
 * transaction commits.  0, or -1 with e (rolled back). */
static int finish(struct store *db, json_t *row, json_t **out, const char *what, struct derr *e)
{
	if (!json_is_object(row)) {
		json_decref(row);
		return derr_store(e, db, what);
	}
	*out = row;
	return derr_commit(db, out, what, e);
}

#define MESSAGE_SELECT                                                                             \
	"SELECT m.id, m.application_id, m.side, m.body, m.created_at, m.read_at,"                  \
	" CASE WHEN m.sender_id = ? THEN 1 ELSE 0 END AS mine,"                                    \
	" (SELECT COUNT(*) FROM message_reports r WHERE r.message_id = m.id) AS reports"           \
	" FROM application_messages m"

int message_thread(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e)
{
	struct thread t;
	*out = NULL;
	if (load_thread(db, a, id, 0, &t, e) || store_begin(db) != STORE_OK)
		return e->kind ? -1 : derr_store(e, db, "message: begin");
	int64_t now = now_seconds();
	/* The student reads HR's messages and HR the student's; the
	 * operator's read is audited instead. */
	if (t.side
	        ? store_run(db,
	                    "UPDATE application_messages SET read_at = ? WHERE application_id = ?"
	                    " AND side <> ? AND read_at IS NULL",
	                    "iit", now, id, t.side) != STORE_OK
	        : audit_write(db, a, "message.thread_view", "application", id, NULL, e))
		return e->kind ? -1 : derr_store(e, db, "message: mark read");
	json_t *messages = store_rows(
	    db, MESSAGE_SELECT " WHERE m.application_id = ? ORDER BY m.id", "ii", a->id, id);
	json_t *app = store_row(db,
	                        "SELECT ap.id, ap.status, p.title AS position_title,"
	                        " o.name AS enterprise_name, s.name AS student_name"
	                        " FROM applications ap JOIN positions p ON p.id = ap.position_id"
	                        " JOIN organizations o ON o.id = ap.enterprise_id"
	                        " JOIN students s ON s.id = ap.student_id WHERE ap.id = ?",
	                        "i", id);
	if (!messages || !json_is_object(app)) {
		json_decref(messages);
		json_decref(app);
		return derr_store(e, db, "message: thread read");
	}
	*out = json_pack("{s:o, s:o, s:b, s:s?}", "application", app, "messages", messages,
	                 "can_write", writable(&t), "side", t.side);
	return derr_commit(db, out, "message: thread", e);
}

/* Rule: at most MESSAGE_PER_MINUTE a minute and MESSAGE_PER_DAY a day per
 * sender.  0, 1 with *wait (seconds until the oldest counted message
 * leaves its window), -1 (store). */
static int over_limit(struct store *db, int64_t sender, int64_t now, int64_t *wait)
{
	static const struct {
		int64_t window, limit;
	} rules[] = {{60, MESSAGE_PER_MINUTE}, {24 * 3600, MESSAGE_PER_DAY}};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		int64_t oldest = 0;
		/* The limit-th newest message: while it is inside the window,
		 * the sender has used the window's budget. */
		int rc =
		    store_int64(db, &oldest,
		                "SELECT created_at FROM application_messages WHERE sender_id = ?"
		                " AND created_at > ? ORDER BY created_at DESC, id DESC"
		                " LIMIT 1 OFFSET ?",
		                "iii", sender, now - rules[i].window, rules[i].limit - 1);
		if (rc == STORE_DONE)
			continue;
		if (rc != STORE_ROW)
			return -1;
		*wait = oldest + rules[i].window - now;
		if (*wait < 1)
			*wait = 1;
		return 1;
	}
	return 0;
}

int message_send(struct store *db, const struct actor *a, int64_t id, const char *body,
                 json_t **out, int64_t *retry_after, struct derr *e)
{
	struct thread t;
	*out = NULL;
	*retry_after = 0;
	if (load_thread(db, a, id, 1, &t, e))
		return -1;
	if (!writable(&t))
		return derr_set(e, DERR_CONFLICT, NULL, "投递已撤回或未通过，不能再发送消息");
	bool consented = false;
	if (contact_consent_active(db, id, &consented, e))
		return -1;
	const char *kind = consented ? NULL : contact_detect(body);
	if (kind)
		return derr_setf(
		    e, DERR_RULE, "body",
		    "学生同意联系前，消息中不能包含联系方式（发现疑似%s），请通过平台沟通", kind);
	int64_t now = now_seconds(), msg = 0;
	/* Counted before the transaction: two sends racing may both pass
	 * the last free slot, which a per-minute limit can afford. */
	int over = over_limit(db, a->id, now, retry_after);
	if (over < 0)
		return derr_store(e, db, "message: rate");
	if (over)
		return derr_codef(e, DERR_LIMIT, "too_many_messages", NULL,
		                  "发送过于频繁，请 %lld 秒后再试", (long long)*retry_after);
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "message: begin");
	/* The thread was writable when read: still so (a rejection or a
	 * withdrawal in between refuses), and the consent that let contact
	 * details through still stands. */
	int held = application_hold(db, id, t.status);
	if (held < 0 || (consented && contact_consent_active(db, id, &consented, e)))
		return held < 0 ? derr_store(e, db, "message: hold") : -1;
	if (held || (!consented && contact_detect(body))) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "投递或联系同意刚刚变化，请刷新后再发送");
	}
	if (store_int64(db, &msg,
	                "INSERT INTO application_messages (application_id, sender_id, side, body,"
	                " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	                "iitti", id, a->id, t.side, body, now) != STORE_ROW)
		return derr_store(e, db, "message: insert");
	/* Writing answers the other side: what it wrote before is read. */
	if (store_run(db,
	              "UPDATE application_messages SET read_at = ? WHERE application_id = ?"
	              " AND side <> ? AND read_at IS NULL",
	              "iit", now, id, t.side) != STORE_OK)
		return derr_store(e, db, "message: mark read");
	return finish(db, store_row(db, MESSAGE_SELECT " WHERE m.id = ?", "ii", a->id, msg), out,
	              "message: send", e);
}

#define REPORT_SELECT                                                                              \
	"SELECT r.id, r.message_id, r.application_id, r.reason, r.status, r.created_at,"           \
	" r.closed_at, r.resolution, ra.role AS reporter_role, m.side AS message_side,"            \
	" m.body AS message_body, m.created_at AS message_at, p.title AS position_title,"          \
	" o.name AS enterprise_name, s.name AS student_name FROM message_reports r"                \
	" JOIN accounts ra ON ra.id = r.reporter_id"                                               \
	" JOIN application_messages m ON m.id = r.message_id"                                      \
	" JOIN applications ap ON ap.id = r.application_id"                                        \
	" JOIN positions p ON p.id = ap.position_id"                                               \
	" JOIN organizations o ON o.id = ap.enterprise_id"                                         \
	" JOIN students s ON s.id = ap.student_id"

int message_report(struct store *db, const struct actor *a, int64_t id, const char *reason,
                   json_t **out, struct derr *e)
{
	struct thread t;
	int64_t app = 0, report = 0;
	*out = NULL;
	json_t *m = store_row(
	    db, "SELECT application_id, side FROM application_messages WHERE id = ?", "i", id);
	if (derr_found(db, m, &m, "message: report lookup", DERR_NOT_FOUND, NULL, "消息不存在", e))
		return -1;
	app = json_integer_value(json_object_get(m, "application_id"));
	int own = 0;
	if (!load_thread(db, a, app, 1, &t, e))
		own = !strcmp(json_string_value(json_object_get(m, "side")), t.side);
	json_decref(m);
	if (e->kind) /* not a party: the message is as absent as the thread */
		return derr_set(e, DERR_NOT_FOUND, NULL, "消息不存在");
	if (own)
		return derr_set(e, DERR_RULE, NULL, "只能举报对方发送的消息");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "message: report begin");
	int rc = store_int64(db, &report,
	                     "INSERT INTO message_reports (message_id, application_id, reporter_id,"
	                     " reason, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	                     "iiiti", id, app, a->id, reason, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "已经举报过这条消息");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "message: report");
	/* The reason is free text (it may name people): the audit row points at the
	 * report instead. */
	char detail[32];
	snprintf(detail, sizeof(detail), "report %lld", (long long)report);
	if (audit_write(db, a, "message.report", "message", id, detail, e))
		return -1;
	return finish(db, store_row(db, REPORT_SELECT " WHERE r.id = ?", "i", report), out,
	              "message: report", e);
}

int message_unread(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	json_t *rows;
	*out = NULL;
	if (a->role == ROLE_STUDENT)
		rows = store_rows(
		    db,
		    "SELECT m.application_id, COUNT(*) AS unread FROM application_messages m"
		    " JOIN applications ap ON ap.id = m.application_id"
		    " JOIN students s ON s.id = ap.student_id WHERE s.account_id = ?"
		    " AND m.side = 'enterprise' AND m.read_at IS NULL"
		    " GROUP BY m.application_id ORDER BY m.application_id",
		    "i", a->id);
	else if (a->role == ROLE_ENTERPRISE)
		rows = store_rows(
		    db,
		    "SELECT m.application_id, COUNT(*) AS unread FROM application_messages m"
		    " JOIN applications ap ON ap.id = m.application_id"
		    " WHERE ap.enterprise_id = ? AND m.side = 'student'"
		    " AND m.read_at IS NULL"
		    " GROUP BY m.application_id ORDER BY m.application_id",
		    "i", a->org_id);
	else
		rows = json_array();
	if (!rows)
		return derr_store(e, db, "message: unread");
	json_int_t total = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) total +=
	    json_integer_value(json_object_get(row, "unread"));
	*out = json_pack("{s:I, s:o}", "total", total, "applications", rows);
	return 0;
}

int message_reports_list(struct store *db, const struct actor *a, const char *status, int64_t page,
                         int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	*items = NULL;
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "仅平台运营可以查看举报");
	if (status && strcmp(status, "open") && strcmp(status, "closed"))
		return derr_set(e, DERR_INVALID, "status", "status 应为 open 或 closed");
	const char *any = status ? "" : "any";
	if (store_int64(db, total,
	                "SELECT COUNT(*) FROM message_reports r WHERE (r.status = ? OR ? = 'any')",
	                "tt", status ? status : "", any) != STORE_ROW)
		return derr_store(e, db, "message: reports count");
	*items = store_rows(db,
	                    REPORT_SELECT " WHERE (r.status = ? OR ? = 'any')"
	                                  " ORDER BY r.id DESC LIMIT ? OFFSET ?",
	                    "ttii", status ? status : "", any, size, (page - 1) * size);
	if (!*items)
		return derr_store(e, db, "message: reports");
	/* The page shows the reported messages' bodies: on record before it is
	 * shown, which reports it showed (the bodies stay out of the log). */
	if (json_array_size(*items) == 0)
		return 0;
	struct buf ids = BUF_INIT;
	size_t i;
	json_t *r;
	buf_adds(&ids, "reports");
	json_array_foreach(*items, i, r)
	    buf_addf(&ids, " %lld", (long long)json_integer_value(json_object_get(r, "id")));
	int rc = audit_write(db, a, "message.reports_view", "message_report",
	                     json_integer_value(json_object_get(json_array_get(*items, 0), "id")),
	                     ids.data, e);
	buf_release(&ids);
	if (rc) {
		json_decref(*items);
		*items = NULL;
	}
	return rc;
}

int message_report_close(struct store *db, const struct actor *a, int64_t id,
                         const char *resolution, json_t **out, struct derr *e)
{
	int64_t done = 0;
	*out = NULL;
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "仅平台运营可以处理举报");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "message: close begin");
	int rc = store_int64(db, &done,
	                     "UPDATE message_reports SET status = 'closed', closed_by = ?,"
	                     " closed_at = ?, resolution = ? WHERE id = ? AND status = 'open'"
	                     " RETURNING id",
	                     "iiti", a->id, now_seconds(), resolution, id);
	if (rc == STORE_DONE) {
		int64_t exists = 0;
		rc = store_int64(db, &exists, "SELECT COUNT(*) FROM message_reports WHERE id = ?",
		                 "i", id);
		store_rollback(db);
		if (rc != STORE_ROW)
			return derr_store(e, db, "message: close lookup");
		return exists ? derr_set(e, DERR_CONFLICT, NULL, "举报已处理")
		              : derr_set(e, DERR_NOT_FOUND, NULL, "举报不存在");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "message: close");
	if (audit_write(db, a, "message.report_close", "message_report", id, resolution, e))
		return -1;
	return finish(db, store_row(db, REPORT_SELECT " WHERE r.id = ?", "i", id), out,
	              "message: close", e);
}
