/*
 * A fair while it is live: booth queues (virtual tickets), the live event
 * stream (Server-Sent Events), and intentions to hire (意向签约) that flow
 * into the application pipeline.
 *
 * A ticket's place is the number of waiting tickets at the booth with a
 * smaller number, plus one; its estimated wait is place × the booth's
 * average time per student (from tickets seen so far, 5 minutes until
 * there are any) ÷ its interview tables.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api_fair.h"
#include "base/buf.h"
#include "base/hub.h"
#include "base/util.h"
#include "domain/fair.h"
#include "domain/recruit.h"

#define DEFAULT_SERVICE_S   300
#define STREAMS_PER_ACCOUNT 4

static const char *const live_only[] = {"live", NULL};

/* The booth's average seconds per student and its tables. */
static void booth_pace(struct api_ctx *c, int64_t fair, int64_t ent, int64_t *service,
                       int64_t *tables)
{
	*service = 0;
	*tables = 1;
	store_int64(
	    c->db, service,
	    "SELECT CAST(COALESCE(AVG(done_at - called_at), 0) AS BIGINT) FROM fair_tickets WHERE"
	    " fair_id = ? AND enterprise_id = ? AND status = 'seen' AND called_at IS NOT NULL",
	    "ii", fair, ent);
	if (*service <= 0)
		*service = DEFAULT_SERVICE_S;
	store_int64(c->db, tables,
	            "SELECT tables_needed FROM fair_enterprises WHERE fair_id = ? AND"
	            " enterprise_id = ?",
	            "ii", fair, ent);
	if (*tables < 1)
		*tables = 1;
}

#define TICKET_SELECT                                                                              \
	"SELECT t.id, t.enterprise_id, o.name AS enterprise, b.booth_no, b.zone, t.seq, t.status," \
	" t.taken_at, t.called_at, t.done_at,"                                                     \
	" (SELECT COUNT(*) FROM fair_tickets w WHERE w.fair_id = t.fair_id AND"                    \
	"  w.enterprise_id = t.enterprise_id AND w.status = 'waiting' AND w.seq < t.seq) AS ahead" \
	" FROM fair_tickets t JOIN organizations o ON o.id = t.enterprise_id"                      \
	" LEFT JOIN fair_booths b ON b.fair_id = t.fair_id AND b.enterprise_id = t.enterprise_id"

/* Adds place and estimated wait to each waiting ticket. */
static void add_waits(struct api_ctx *c, int64_t fair, json_t *tickets)
{
	size_t i;
	json_t *t;
	json_array_foreach(tickets, i, t)
	{
		if (strcmp(json_string_value(json_object_get(t, "status")), "waiting")) {
			json_object_set_new(t, "place", json_null());
			json_object_set_new(t, "wait_minutes", json_null());
			continue;
		}
		int64_t service, tables, ahead = json_integer_value(json_object_get(t, "ahead"));
		booth_pace(c, fair, json_integer_value(json_object_get(t, "enterprise_id")),
		           &service, &tables);
		json_object_set_new(t, "place", json_integer(ahead + 1));
		/* Whole minutes, rounded up: place 1 at a one-table booth with the
		 * default 5 minutes per student waits 5 minutes, not 6. */
		json_object_set_new(
		    t, "wait_minutes",
		    json_integer(((ahead + 1) * service + tables * 60 - 1) / (tables * 60)));
	}
}

static json_t *my_tickets(struct api_ctx *c, int64_t fair, int64_t sid)
{
	json_t *items = store_rows(c->db,
	                           TICKET_SELECT " WHERE t.fair_id = ? AND t.student_id = ?"
	                                         " ORDER BY t.status NOT IN ('waiting', 'called'),"
	                                         " t.taken_at DESC",
	                           "ii", fair, sid);
	if (items)
		add_waits(c, fair, items);
	return items;
}

static const char *const take_fields[] = {"enterprise_id", NULL};

void api_fairs_ticket_take(struct api_ctx *c)
{
	int64_t id, ent = 0, sid = api_own_student(c), n = 0, seq = 0, tid = 0, now = now_seconds();
	api_only_fields(c, take_fields);
	api_int(c, "enterprise_id", API_REQUIRED, &ent);
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	int64_t limit = json_integer_value(json_object_get(f, "ticket_limit"));
	int bad = fair_require_status(c, f, live_only, "排队");
	json_decref(f);
	if (bad)
		return;
	/* One transaction, serialised where it matters: the student's own
	 * registration row is locked first (their ticket limit holds against
	 * their own parallel requests), then the booth's counter hands out the
	 * next number (two students never get the same one).  On SQLite the
	 * write transaction alone serialises; on PostgreSQL the row locks do. */
	int64_t reg = 0, old = 0;
	const char *why = NULL, *field = NULL;
	int status = 422, rc = store_begin(c->db) == STORE_OK ? STORE_OK : STORE_ERROR;
	if (rc == STORE_OK &&
	    (rc = store_int64(c->db, &reg,
	                      "UPDATE fair_students SET scans = scans WHERE fair_id = ? AND"
	                      " student_id = ? AND entered_at IS NOT NULL RETURNING id",
	                      "ii", id, sid)) == STORE_DONE)
		why = "请先在入口核验入场码后再排队", field = "entry";
	if (!why && rc == STORE_ROW &&
	    (rc = store_int64(
	         c->db, &n,
	         "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND student_id = ?"
	         " AND status IN ('waiting', 'called')",
	         "ii", id, sid)) == STORE_ROW &&
	    n >= limit)
		why = arena_printf(c->arena, "同时最多排 %lld 个队，请先完成或取消其他排队",
		                   (long long)limit),
		field = "ticket_limit";
	if (!why && rc == STORE_ROW) {
		rc = store_int64(
		    c->db, &old,
		    "SELECT CASE WHEN status = 'cancelled' THEN id ELSE -id END FROM"
		    " fair_tickets WHERE fair_id = ? AND enterprise_id = ? AND student_id = ?",
		    "iii", id, ent, sid);
		if (rc == STORE_ROW && old < 0)
			why = "你已在这个展位取过号", field = "enterprise_id", status = 409;
		else if (rc == STORE_DONE)
			rc = STORE_ROW, old = 0;
	}
	if (!why && rc == STORE_ROW &&
	    (rc = store_int64(
	         c->db, &seq,
	         "UPDATE fair_enterprises SET next_seq = next_seq + 1 WHERE fair_id = ?"
	         " AND enterprise_id = ? AND status = 'approved' AND EXISTS (SELECT 1"
	         " FROM fair_booths b WHERE b.fair_id = fair_enterprises.fair_id AND"
	         " b.enterprise_id = fair_enterprises.enterprise_id) RETURNING next_seq",
	         "ii", id, ent)) == STORE_DONE)
		why = "该企业不在本场招聘会的展位上", field = "enterprise_id", status = 404;
	if (why) {
		store_rollback(c->db);
		api_fail(c, status,
		         status == 404   ? "not_found"
		         : status == 409 ? "conflict"
		                         : "rule",
		         field, why);
		return;
	}
	/* A student who left this queue may join it again, at its end. */
	if (rc == STORE_ROW)
		rc = old ? store_int64(
		               c->db, &tid,
		               "UPDATE fair_tickets SET status = 'waiting', seq = ?, taken_at = ?,"
		               " called_at = NULL, done_at = NULL WHERE id = ? RETURNING id",
		               "iii", seq, now, old)
		         : store_int64(
		               c->db, &tid,
		               "INSERT INTO fair_tickets (fair_id, enterprise_id, student_id, seq,"
		               " taken_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
		               "iiiii", id, ent, sid, seq, now);
	/* Taking a ticket hands the résumé to the enterprise: consent (PIPL). */
	if (rc == STORE_ROW)
		rc =
		    store_run(c->db,
		              "INSERT INTO consents (student_id, kind, enterprise_id, text_version,"
		              " granted_at) VALUES (?, 'apply', ?, 'fair-ticket-v1', ?)",
		              "iii", sid, ent, now);
	if (rc != STORE_OK || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_internal(c, "ticket");
		return;
	}
	fair_notify(id, "queue", ent);
	json_t *t = store_rows(c->db, TICKET_SELECT " WHERE t.id = ?", "i", tid);
	if (t)
		add_waits(c, id, t);
	api_reply(c, 201, json_pack("{s:O}", "ticket", json_array_get(t, 0)));
	json_decref(t);
}

static const char *const ticket_fields[] = {"ticket_id", NULL};

void api_fairs_ticket_cancel(struct api_ctx *c)
{
	int64_t id, tid = 0, ent = 0, sid = api_own_student(c);
	api_only_fields(c, ticket_fields);
	api_int(c, "ticket_id", API_REQUIRED, &tid);
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	json_decref(f);
	if (store_int64(c->db, &ent,
	                "UPDATE fair_tickets SET status = 'cancelled', done_at = ? WHERE id = ? AND"
	                " fair_id = ? AND student_id = ? AND status IN ('waiting', 'called')"
	                " RETURNING enterprise_id",
	                "iiii", now_seconds(), tid, id, sid) != STORE_ROW) {
		api_fail(c, 404, "not_found", "ticket_id", "没有可取消的排队号");
		return;
	}
	fair_notify(id, "queue", ent);
	json_t *items = my_tickets(c, id, sid);
	api_reply(c, 200, json_pack("{s:o}", "items", items ? items : json_array()));
}

void api_fairs_tickets_mine(struct api_ctx *c)
{
	int64_t id, sid = api_own_student(c);
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	json_decref(f);
	json_t *items = my_tickets(c, id, sid);
	if (!items) {
		api_internal(c, "tickets");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

/* The booth the caller runs: HR their enterprise's; the operator names one
 * (?enterprise_id= or body).  Returns 0 and *ent, or -1 (reply set). */
static int booth_of(struct api_ctx *c, int64_t fair, int64_t *ent)
{
	int64_t n = 0;
	if (c->actor.role == ROLE_ENTERPRISE) {
		int64_t named = api_query_int(c, "enterprise_id", 0, 0, INT64_MAX);
		if (!named && c->body)
			api_int(c, "enterprise_id", API_OPTIONAL, &named);
		if (api_failed(c))
			return -1;
		if (named && named != c->actor.org_id)
			return api_fail(c, 403, "forbidden", "enterprise_id",
			                "不能操作其他企业的展位");
		*ent = c->actor.org_id;
	} else {
		*ent = api_query_int(c, "enterprise_id", 0, 0, INT64_MAX);
		if (!*ent && c->body)
			api_int(c, "enterprise_id", API_OPTIONAL, ent);
		if (api_failed(c))
			return -1;
	}
	if (store_int64(c->db, &n,
	                "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ? AND enterprise_id = ?",
	                "ii", fair, *ent) != STORE_ROW ||
	    !n)
		return api_fail(c, 404, "not_found", "enterprise_id", "该企业在本场招聘会没有展位");
	return 0;
}

#define QUEUE_SELECT                                                                               \
	"SELECT t.id, t.seq, t.status, t.taken_at, t.called_at, t.done_at, s.id AS student_id,"    \
	" s.name, s.gender, s.grad_year, s.degree, col.name AS college, m.name AS major,"          \
	" s.phone_masked FROM fair_tickets t JOIN students s ON s.id = t.student_id"               \
	" JOIN organizations col ON col.id = s.college_id"                                         \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

void api_fairs_queue(struct api_ctx *c)
{
	int64_t id, ent, service, tables, seen = 0, no_show = 0;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	json_decref(f);
	if (booth_of(c, id, &ent))
		return;
	json_t *waiting = store_rows(c->db,
	                             QUEUE_SELECT " WHERE t.fair_id = ? AND t.enterprise_id = ? AND"
	                                          " t.status = 'waiting' ORDER BY t.seq LIMIT 500",
	                             "ii", id, ent);
	json_t *called = store_rows(c->db,
	                            QUEUE_SELECT " WHERE t.fair_id = ? AND t.enterprise_id = ? AND"
	                                         " t.status = 'called' ORDER BY t.called_at, t.seq",
	                            "ii", id, ent);
	json_t *done = store_rows(c->db,
	                          QUEUE_SELECT " WHERE t.fair_id = ? AND t.enterprise_id = ? AND"
	                                       " t.status IN ('seen', 'no_show') ORDER BY t.done_at"
	                                       " DESC, t.seq DESC LIMIT 50",
	                          "ii", id, ent);
	store_int64(c->db, &seen,
	            "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND enterprise_id = ? AND"
	            " status = 'seen'",
	            "ii", id, ent);
	store_int64(c->db, &no_show,
	            "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND enterprise_id = ? AND"
	            " status = 'no_show'",
	            "ii", id, ent);
	booth_pace(c, id, ent, &service, &tables);
	if (!waiting || !called || !done) {
		json_decref(waiting);
		json_decref(called);
		json_decref(done);
		api_internal(c, "queue");
		return;
	}
	api_reply(c, 200,
	          json_pack("{s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I}", "enterprise_id",
	                    (json_int_t)ent, "waiting", waiting, "called", called, "done", done,
	                    "seen_count", (json_int_t)seen, "no_show_count", (json_int_t)no_show,
	                    "avg_service_seconds", (json_int_t)service, "tables",
	                    (json_int_t)tables));
}

static const char *const call_fields[] = {"enterprise_id", NULL};

void api_fairs_queue_call(struct api_ctx *c)
{
	int64_t id, ent, tid = 0, now = now_seconds();
	api_only_fields(c, call_fields);
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	int bad = fair_require_status(c, f, live_only, "叫号");
	json_decref(f);
	if (bad || booth_of(c, id, &ent))
		return;
	/* The lowest waiting number; the status check in the UPDATE makes
	 * two simultaneous calls take two different tickets. */
	for (int tries = 0; tries < 5 && !tid; tries++) {
		int64_t next = 0;
		int rc = store_int64(
		    c->db, &next,
		    "SELECT id FROM fair_tickets WHERE fair_id = ? AND enterprise_id = ?"
		    " AND status = 'waiting' ORDER BY seq LIMIT 1",
		    "ii", id, ent);
		if (rc == STORE_DONE) {
			api_fail(c, 409, "empty", NULL, "当前没有排队的学生");
			return;
		}
		if (rc != STORE_ROW ||
		    store_int64(
		        c->db, &tid,
		        "UPDATE fair_tickets SET status = 'called', called_at = ? WHERE id = ?"
		        " AND status = 'waiting' RETURNING id",
		        "ii", now, next) == STORE_ERROR) {
			api_internal(c, "call");
			return;
		}
	}
	if (!tid) { /* other tables at the booth took every ticket we tried */
		api_fail(c, 409, "busy", NULL, "叫号冲突，请重试");
		return;
	}
	/* Calling the first student is how an enterprise shows it is there. */
	store_run(
	    c->db,
	    "UPDATE fair_enterprises SET present_at = ? WHERE fair_id = ? AND enterprise_id = ?"
	    " AND present_at IS NULL",
	    "iii", now, id, ent);
	fair_notify(id, "queue", ent);
	api_reply(c, 200,
	          json_pack("{s:o}", "ticket",
	                    store_row(c->db, QUEUE_SELECT " WHERE t.id = ?", "i", tid)));
}

static const char *const mark_fields[] = {"ticket_id", "outcome", NULL};

void api_fairs_queue_mark(struct api_ctx *c)
{
	int64_t id, tid = 0, ent = 0, done = 0;
	api_only_fields(c, mark_fields);
	api_int(c, "ticket_id", API_REQUIRED, &tid);
	const char *outcome = api_str(c, "outcome", API_REQUIRED, 1, 10);
	if (outcome && strcmp(outcome, "seen") && strcmp(outcome, "no_show"))
		api_fail(c, 400, "invalid", "outcome",
		         "outcome 应为 seen（已面谈）或 no_show（未到）");
	if (fair_in_status(c, &id, live_only, "处理排队"))
		return;
	if (store_int64(c->db, &ent,
	                "SELECT enterprise_id FROM fair_tickets WHERE id = ? AND"
	                " fair_id = ?",
	                "ii", tid, id) != STORE_ROW) {
		api_fail(c, 404, "not_found", "ticket_id", "排队号不存在");
		return;
	}
	if (c->actor.role == ROLE_ENTERPRISE && ent != c->actor.org_id) {
		api_audit(c, "fair.queue_mark", "fair", id, "denied", "other enterprise's booth");
		api_fail(c, 403, "forbidden", "ticket_id", "不能处理其他企业展位的排队");
		return;
	}
	/* A waiting ticket may be marked directly (HR saw the student
	 * without calling); then its time counts from being marked. */
	if (store_int64(c->db, &done,
	                "UPDATE fair_tickets SET status = ?, done_at = ?, called_at ="
	                " COALESCE(called_at, ?) WHERE id = ? AND status IN ('waiting', 'called')"
	                " RETURNING id",
	                "tiii", outcome, now_seconds(), now_seconds(), tid) != STORE_ROW) {
		api_fail(c, 409, "conflict", "ticket_id", "该排队号已处理");
		return;
	}
	fair_notify(id, "queue", ent);
	api_reply(c, 200,
	          json_pack("{s:o}", "ticket",
	                    store_row(c->db, QUEUE_SELECT " WHERE t.id = ?", "i", tid)));
}

/* GET /fairs/{id}/live: the event stream.  Frames carry no personal data,
 * only which booth changed; clients then fetch what they may see. */
void api_fairs_live(struct api_ctx *c)
{
	int64_t id;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	json_decref(f);
	/* Students and HR hold a few streams each (a phone and a laptop, a
	 * second tab; a fifth ends the oldest); organisers run the venue's
	 * screens, without a limit. */
	int organiser_role = c->actor.role == ROLE_OPERATOR || c->actor.role == ROLE_COLLEGE;
	api_subscribe(c, id, organiser_role ? 0 : STREAMS_PER_ACCOUNT);
}

/* ---- intentions to hire ---- */

static const char *const intent_fields[] = {"student_id", "position_id", "note", NULL};

void api_fairs_intent_create(struct api_ctx *c)
{
	int64_t id, sid = 0, pid = 0, n = 0, app = 0, iid = 0, now = now_seconds();
	api_only_fields(c, intent_fields);
	api_int(c, "student_id", API_REQUIRED, &sid);
	api_int(c, "position_id", API_REQUIRED, &pid);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 500);
	if (fair_in_status(c, &id, live_only, "登记签约意向"))
		return;
	if (store_int64(c->db, &n,
	                "SELECT COUNT(*) FROM fair_positions fp JOIN fair_enterprises fe ON"
	                " fe.fair_id = fp.fair_id AND fe.enterprise_id = fp.enterprise_id WHERE"
	                " fp.fair_id = ? AND fp.position_id = ? AND fp.enterprise_id = ? AND"
	                " fe.status = 'approved'",
	                "iii", id, pid, c->actor.org_id) != STORE_ROW ||
	    !n) {
		api_fail(c, 422, "rule", "position_id", "该岗位不是本企业带到本场招聘会的岗位");
		return;
	}
	/* The student met this enterprise here: a ticket at its booth, or an
	 * application to it.  That is their consent to share the résumé. */
	if (store_int64(c->db, &n,
	                "SELECT (SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND"
	                " enterprise_id = ? AND student_id = ?) + (SELECT COUNT(*) FROM"
	                " applications WHERE enterprise_id = ? AND student_id = ?)",
	                "iiiii", id, c->actor.org_id, sid, c->actor.org_id, sid) != STORE_ROW ||
	    !n) {
		api_fail(c, 422, "rule", "student_id",
		         "只能与在本展位排队或投递过本企业的学生登记意向");
		return;
	}
	if (store_begin(c->db) != STORE_OK) {
		api_internal(c, "begin");
		return;
	}
	json_t *ap = store_row(c->db,
	                       "SELECT id, status FROM applications WHERE student_id = ? AND"
	                       " position_id = ?",
	                       "ii", sid, pid);
	int ok = ap != NULL;
	const char *from =
	    json_is_object(ap) ? json_string_value(json_object_get(ap, "status")) : NULL;
	static const char fair_note[] = "双选会意向签约";
	if (ok && !json_is_object(ap)) { /* a new application, straight to 录用 (offer) */
		ok = store_int64(
		         c->db, &app,
		         "INSERT INTO applications (student_id, position_id, enterprise_id,"
		         " status, note, created_at, updated_at) VALUES (?, ?, ?, 'offered', ?,"
		         " ?, ?) RETURNING id",
		         "iiitii", sid, pid, c->actor.org_id, fair_note, now, now) == STORE_ROW &&
		     store_run(
		         c->db,
		         "INSERT INTO application_events (application_id, from_status, to_status,"
		         " actor_id, at, note) VALUES (?, NULL, 'offered', ?, ?, ?)",
		         "iiit", app, c->actor.id, now, fair_note) == STORE_OK;
	} else if (ok) {
		app = json_integer_value(json_object_get(ap, "id"));
		if (strcmp(from, "offered") && strcmp(from, "accepted")) {
			if (!application_transition_ok(from, "offered", 0)) {
				store_rollback(c->db);
				json_decref(ap);
				api_fail(c, 422, "rule", "student_id",
				         arena_printf(c->arena, "该投递为“%s”，不能登记意向",
				                      application_status_label(from)));
				return;
			}
			ok =
			    store_run(
			        c->db,
			        "UPDATE applications SET status = 'offered', updated_at = ? WHERE"
			        " id = ?",
			        "ii", now, app) == STORE_OK &&
			    store_run(
			        c->db,
			        "INSERT INTO application_events (application_id, from_status,"
			        " to_status, actor_id, at, note) VALUES (?, ?, 'offered', ?, ?, ?)",
			        "itiit", app, from, c->actor.id, now, fair_note) == STORE_OK;
		}
	}
	json_decref(ap);
	int rc =
	    ok ? store_int64(c->db, &iid,
	                     "INSERT INTO fair_intents (fair_id, enterprise_id, student_id,"
	                     " position_id, application_id, note, created_by, created_at)"
	                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                     "iiiiitii", id, c->actor.org_id, sid, pid, app, note, c->actor.id, now)
	       : STORE_ERROR;
	if (rc == STORE_UNIQUE) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "position_id", "已登记过这名学生对该岗位的意向");
		return;
	}
	if (rc != STORE_ROW || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_internal(c, "intent");
		return;
	}
	api_audit(c, "fair.intent", "fair", id, "ok", NULL);
	fair_notify(id, "intent", c->actor.org_id);
	api_reply(c, 201,
	          json_pack("{s:I, s:I}", "intent_id", (json_int_t)iid, "application_id",
	                    (json_int_t)app));
}

void api_fairs_intents(struct api_ctx *c)
{
	fair_scoped_list(
	    c,
	    "SELECT i.id, i.enterprise_id, o.name AS enterprise, i.student_id, s.name AS"
	    " student, col.name AS college, m.name AS major, i.position_id, p.title AS"
	    " position, i.application_id, ap.status AS application_status, i.note,"
	    " i.created_at FROM fair_intents i JOIN organizations o ON o.id ="
	    " i.enterprise_id JOIN students s ON s.id = i.student_id JOIN organizations"
	    " col ON col.id = s.college_id LEFT JOIN dict_majors m ON m.code ="
	    " s.major_code JOIN positions p ON p.id = i.position_id LEFT JOIN"
	    " applications ap ON ap.id = i.application_id WHERE i.fair_id = ?",
	    " ORDER BY i.created_at DESC, i.id DESC LIMIT 1000", "无权查看签约意向", "intents");
}
