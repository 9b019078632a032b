/* Booth queues; see fair_queue.h. */
#include "domain/fair_queue.h"

#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"

#define DEFAULT_SERVICE_S 300

#define TICKET_SELECT                                                                              \
	"SELECT t.id, t.enterprise_id, o.name AS enterprise, b.booth_no, b.zone, t.seq, t.status," \
	" t.taken_at, t.called_at, t.done_at,"                                                     \
	" (SELECT COUNT(*) FROM fair_tickets w WHERE w.fair_id = t.fair_id AND"                    \
	"  w.enterprise_id = t.enterprise_id AND w.status = 'waiting' AND w.seq < t.seq) AS ahead" \
	" FROM fair_tickets t JOIN organizations o ON o.id = t.enterprise_id"                      \
	" LEFT JOIN fair_booths b ON b.fair_id = t.fair_id AND b.enterprise_id = t.enterprise_id"

#define QUEUE_SELECT                                                                               \
	"SELECT t.id, t.seq, t.status, t.taken_at, t.called_at, t.done_at, s.id AS student_id,"    \
	" s.name, s.gender, s.grad_year, s.degree, col.name AS college, m.name AS major,"          \
	" s.phone_masked FROM fair_tickets t JOIN students s ON s.id = t.student_id"               \
	" JOIN organizations col ON col.id = s.college_id"                                         \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

/* The booth's average seconds per student and its tables. */
static int booth_pace(struct store *db, int64_t fair, int64_t ent, int64_t *service,
                      int64_t *tables, struct derr *e)
{
	*service = 0;
	*tables = 1;
	if (store_int64(db, service,
	                "SELECT CAST(COALESCE(AVG(done_at - called_at), 0) AS BIGINT) FROM"
	                " fair_tickets WHERE fair_id = ? AND enterprise_id = ? AND status = 'seen'"
	                " AND called_at IS NOT NULL",
	                "ii", fair, ent) != STORE_ROW)
		return derr_store(e, db, "booth pace");
	if (*service <= 0)
		*service = DEFAULT_SERVICE_S;
	int rc = store_int64(db, tables,
	                     "SELECT tables_needed FROM fair_enterprises WHERE fair_id = ? AND"
	                     " enterprise_id = ?",
	                     "ii", fair, ent);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "booth tables");
	if (*tables < 1)
		*tables = 1;
	return 0;
}

/* Adds place and estimated wait to each waiting ticket. */
static int add_waits(struct store *db, int64_t fair, json_t *tickets, struct derr *e)
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
		if (booth_pace(db, fair, json_integer_value(json_object_get(t, "enterprise_id")),
		               &service, &tables, e))
			return -1;
		json_object_set_new(t, "place", json_integer(ahead + 1));
		/* Whole minutes, rounded up: place 1 at a one-table booth with the
		 * default 5 minutes per student waits 5 minutes, not 6. */
		json_object_set_new(
		    t, "wait_minutes",
		    json_integer(((ahead + 1) * service + tables * 60 - 1) / (tables * 60)));
	}
	return 0;
}

/* Tickets of one query (TICKET_SELECT ...) with their waits. */
static int tickets_with_waits(struct store *db, int64_t fair, json_t *rows, json_t **items,
                              struct derr *e)
{
	*items = NULL;
	if (!rows)
		return derr_store(e, db, "tickets");
	if (add_waits(db, fair, rows, e)) {
		json_decref(rows);
		return -1;
	}
	*items = rows;
	return 0;
}

static int my_tickets(struct store *db, int64_t fair, int64_t sid, json_t **items, struct derr *e)
{
	return tickets_with_waits(db, fair,
	                          store_rows(db,
	                                     TICKET_SELECT
	                                     " WHERE t.fair_id = ? AND t.student_id = ?"
	                                     " ORDER BY t.status NOT IN ('waiting',"
	                                     " 'called'), t.taken_at DESC",
	                                     "ii", fair, sid),
	                          items, e);
}

/* Inside the caller's transaction: seq of the booth's next ticket and the
 * ticket (tid) written, after the rules that may refuse. */
static int take(struct store *db, const struct fair *f, int64_t sid, int64_t ent, int64_t *tid,
                struct derr *e)
{
	int64_t reg = 0, n = 0, old = 0, seq = 0, now = now_seconds();
	/* Serialised where it matters: the student's own registration row is
	 * locked first (their ticket limit holds against their own parallel
	 * requests), then the booth's counter hands out the next number (two
	 * students never get the same one).  On SQLite the write transaction
	 * alone serialises; on PostgreSQL the row locks do. */
	int rc = store_int64(db, &reg,
	                     "UPDATE fair_students SET scans = scans WHERE fair_id = ? AND"
	                     " student_id = ? AND entered_at IS NOT NULL RETURNING id",
	                     "ii", f->id, sid);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_RULE, "entry", "请先在入口核验入场码后再排队");
	if (rc != STORE_ROW ||
	    store_int64(db, &n,
	                "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND student_id = ?"
	                " AND status IN ('waiting', 'called')",
	                "ii", f->id, sid) != STORE_ROW)
		return derr_store(e, db, "ticket");
	if (n >= f->ticket_limit)
		return derr_codef(e, DERR_RULE, NULL, "ticket_limit",
		                  "同时最多排 %lld 个队，请先完成或取消其他排队",
		                  (long long)f->ticket_limit);
	rc = store_int64(db, &old,
	                 "SELECT CASE WHEN status = 'cancelled' THEN id ELSE -id END FROM"
	                 " fair_tickets WHERE fair_id = ? AND enterprise_id = ? AND student_id = ?",
	                 "iii", f->id, ent, sid);
	if (rc == STORE_ROW && old < 0)
		return derr_set(e, DERR_CONFLICT, "enterprise_id", "你已在这个展位取过号");
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "ticket");
	rc = store_int64(db, &seq,
	                 "UPDATE fair_enterprises SET next_seq = next_seq + 1 WHERE fair_id = ?"
	                 " AND enterprise_id = ? AND status = 'approved' AND EXISTS (SELECT 1"
	                 " FROM fair_booths b WHERE b.fair_id = fair_enterprises.fair_id AND"
	                 " b.enterprise_id = fair_enterprises.enterprise_id) RETURNING next_seq",
	                 "ii", f->id, ent);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, "enterprise_id", "该企业不在本场招聘会的展位上");
	/* A student who left this queue may join it again, at its end. */
	if (rc == STORE_ROW)
		rc =
		    old > 0
		        ? store_int64(db, tid,
		                      "UPDATE fair_tickets SET status = 'waiting', seq = ?,"
		                      " taken_at = ?, called_at = NULL, done_at = NULL WHERE id = ?"
		                      " RETURNING id",
		                      "iii", seq, now, old)
		        : store_int64(db, tid,
		                      "INSERT INTO fair_tickets (fair_id, enterprise_id,"
		                      " student_id, seq, taken_at) VALUES (?, ?, ?, ?, ?)"
		                      " RETURNING id",
		                      "iiiii", f->id, ent, sid, seq, now);
	/* Taking a ticket hands the résumé to the enterprise: consent (PIPL). */
	if (rc != STORE_ROW ||
	    store_run(db,
	              "INSERT INTO consents (student_id, kind, enterprise_id, text_version,"
	              " granted_at) VALUES (?, 'apply', ?, 'fair-ticket-v1', ?)",
	              "iii", sid, ent, now) != STORE_OK)
		return derr_store(e, db, "ticket");
	return 0;
}

int fair_ticket_take(struct store *db, const struct actor *a, int64_t id, int64_t ent,
                     json_t **ticket, struct derr *e)
{
	struct fair f;
	int64_t sid = 0, tid = 0;
	json_t *rows = NULL;
	*ticket = NULL;
	if (fair_own_student(db, a, &sid, e) ||
	    fair_load_in(db, a, id, fair_states_live, "排队", &f, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "ticket");
	if (take(db, &f, sid, ent, &tid, e) ||
	    tickets_with_waits(db, id, store_rows(db, TICKET_SELECT " WHERE t.id = ?", "i", tid),
	                       &rows, e))
		goto out_rollback;
	*ticket = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (derr_commit(db, ticket, "ticket", e))
		return -1;
	fair_notify(id, "queue", ent);
	return 0;
out_rollback:
	store_rollback(db);
	return -1;
}

int fair_ticket_cancel(struct store *db, const struct actor *a, int64_t id, int64_t tid,
                       json_t **items, struct derr *e)
{
	struct fair f;
	int64_t sid = 0, ent = 0;
	*items = NULL;
	if (fair_own_student(db, a, &sid, e) || fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	int rc = store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &ent,
	                           "UPDATE fair_tickets SET status = 'cancelled', done_at = ? WHERE"
	                           " id = ? AND fair_id = ? AND student_id = ? AND status IN"
	                           " ('waiting', 'called') RETURNING enterprise_id",
	                           "iiii", now_seconds(), tid, id, sid);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, "ticket_id", "没有可取消的排队号");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "ticket cancel");
	if (my_tickets(db, id, sid, items, e) || derr_commit(db, items, "ticket cancel", e)) {
		store_rollback(db);
		return -1;
	}
	fair_notify(id, "queue", ent);
	return 0;
}

int fair_tickets_mine(struct store *db, const struct actor *a, int64_t id, json_t **items,
                      struct derr *e)
{
	struct fair f;
	int64_t sid = 0;
	*items = NULL;
	if (fair_own_student(db, a, &sid, e) || fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	return my_tickets(db, id, sid, items, e);
}

/* The booth the caller runs: HR their enterprise's; the operator the one
 * named.  0 and *ent, or -1 with e. */
static int booth_of(struct store *db, const struct actor *a, int64_t fair, int64_t named,
                    int64_t *ent, struct derr *e)
{
	int64_t n = 0;
	*ent = named;
	if (a->role == ROLE_ENTERPRISE) {
		if (named && named != a->org_id)
			return derr_set(e, DERR_FORBIDDEN, "enterprise_id",
			                "不能操作其他企业的展位");
		*ent = a->org_id;
	}
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ? AND enterprise_id = ?",
	                "ii", fair, *ent) != STORE_ROW)
		return derr_store(e, db, "booth");
	if (!n)
		return derr_set(e, DERR_NOT_FOUND, "enterprise_id", "该企业在本场招聘会没有展位");
	return 0;
}

int fair_queue(struct store *db, const struct actor *a, int64_t id, int64_t named, json_t **out,
               struct derr *e)
{
	struct fair f;
	int64_t ent, service, tables, seen = 0, no_show = 0;
	*out = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e) || booth_of(db, a, id, named, &ent, e))
		return -1;
	json_t *waiting = store_rows(db,
	                             QUEUE_SELECT " WHERE t.fair_id = ? AND t.enterprise_id = ? AND"
	                                          " t.status = 'waiting' ORDER BY t.seq LIMIT 500",
	                             "ii", id, ent);
	json_t *called = store_rows(db,
	                            QUEUE_SELECT " WHERE t.fair_id = ? AND t.enterprise_id = ? AND"
	                                         " t.status = 'called' ORDER BY t.called_at, t.seq",
	                            "ii", id, ent);
	json_t *done = store_rows(db,
	                          QUEUE_SELECT " WHERE t.fair_id = ? AND t.enterprise_id = ? AND"
	                                       " t.status IN ('seen', 'no_show') ORDER BY t.done_at"
	                                       " DESC, t.seq DESC LIMIT 50",
	                          "ii", id, ent);
	int ok = waiting && called && done &&
	         store_int64(db, &seen,
	                     "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND"
	                     " enterprise_id = ? AND status = 'seen'",
	                     "ii", id, ent) == STORE_ROW &&
	         store_int64(db, &no_show,
	                     "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND"
	                     " enterprise_id = ? AND status = 'no_show'",
	                     "ii", id, ent) == STORE_ROW;
	if (!ok || booth_pace(db, id, ent, &service, &tables, e)) {
		json_decref(waiting);
		json_decref(called);
		json_decref(done);
		return derr_store(e, db, "queue");
	}
	*out = json_pack("{s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I}", "enterprise_id",
	                 (json_int_t)ent, "waiting", waiting, "called", called, "done", done,
	                 "seen_count", (json_int_t)seen, "no_show_count", (json_int_t)no_show,
	                 "avg_service_seconds", (json_int_t)service, "tables", (json_int_t)tables);
	return *out ? 0 : derr_internal(e, "queue: out of memory");
}

/* Inside the caller's transaction: calls the lowest waiting number. */
static int call_next(struct store *db, int64_t fair, int64_t ent, int64_t *tid, struct derr *e)
{
	int64_t now = now_seconds();
	*tid = 0;
	/* The status check in the UPDATE makes two simultaneous calls (two
	 * tables of one booth) take two different tickets. */
	for (int tries = 0; tries < 5 && !*tid; tries++) {
		int64_t next = 0;
		int rc =
		    store_int64(db, &next,
		                "SELECT id FROM fair_tickets WHERE fair_id = ? AND"
		                " enterprise_id = ? AND status = 'waiting' ORDER BY seq LIMIT 1",
		                "ii", fair, ent);
		if (rc == STORE_DONE)
			return derr_code(e, DERR_CONFLICT, "empty", NULL, "当前没有排队的学生");
		if (rc != STORE_ROW)
			return derr_store(e, db, "call");
		rc = store_int64(
		    db, tid,
		    "UPDATE fair_tickets SET status = 'called', called_at = ? WHERE id = ?"
		    " AND status = 'waiting' RETURNING id",
		    "ii", now, next);
		if (rc != STORE_ROW && rc != STORE_DONE)
			return derr_store(e, db, "call");
	}
	if (!*tid) /* other tables at the booth took every ticket we tried */
		return derr_code(e, DERR_CONFLICT, "busy", NULL, "叫号冲突，请重试");
	/* Calling the first student is how an enterprise shows it is there. */
	if (store_run(db,
	              "UPDATE fair_enterprises SET present_at = ? WHERE fair_id = ? AND"
	              " enterprise_id = ? AND present_at IS NULL",
	              "iii", now, fair, ent) != STORE_OK)
		return derr_store(e, db, "call: present");
	return 0;
}

/* The ticket tid with its student, read inside the caller's transaction,
 * which it then commits. */
static int answer_ticket(struct store *db, int64_t tid, json_t **ticket, const char *what,
                         struct derr *e)
{
	*ticket = store_row(db, QUEUE_SELECT " WHERE t.id = ?", "i", tid);
	if (!*ticket)
		return derr_store(e, db, what);
	return derr_commit(db, ticket, what, e);
}

int fair_queue_call(struct store *db, const struct actor *a, int64_t id, int64_t named,
                    json_t **ticket, struct derr *e)
{
	struct fair f;
	int64_t ent, tid;
	*ticket = NULL;
	if (fair_load_in(db, a, id, fair_states_live, "叫号", &f, e) ||
	    booth_of(db, a, id, named, &ent, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "call");
	if (call_next(db, id, ent, &tid, e) || answer_ticket(db, tid, ticket, "call", e)) {
		store_rollback(db);
		return -1;
	}
	fair_notify(id, "queue", ent);
	return 0;
}

int fair_queue_mark(struct store *db, const struct actor *a, int64_t id, int64_t tid,
                    const char *outcome, json_t **ticket, struct derr *e)
{
	struct fair f;
	int64_t ent = 0, done = 0, now = now_seconds();
	*ticket = NULL;
	if (fair_load_in(db, a, id, fair_states_live, "处理排队", &f, e))
		return -1;
	int rc = store_int64(db, &ent,
	                     "SELECT enterprise_id FROM fair_tickets WHERE id = ? AND fair_id = ?",
	                     "ii", tid, id);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, "ticket_id", "排队号不存在");
	if (rc != STORE_ROW)
		return derr_store(e, db, "mark");
	if (a->role == ROLE_ENTERPRISE && ent != a->org_id) {
		audit_record(db, a, NULL, "fair.queue_mark", "fair", id, a->address, "denied",
		             "other enterprise's booth");
		return derr_set(e, DERR_FORBIDDEN, "ticket_id", "不能处理其他企业展位的排队");
	}
	/* A waiting ticket may be marked directly (HR saw the student without
	 * calling); then its time counts from being marked. */
	rc = store_begin(db) != STORE_OK
	         ? STORE_ERROR
	         : store_int64(db, &done,
	                       "UPDATE fair_tickets SET status = ?, done_at = ?, called_at ="
	                       " COALESCE(called_at, ?) WHERE id = ? AND status IN ('waiting',"
	                       " 'called') RETURNING id",
	                       "tiii", outcome, now, now, tid);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "ticket_id", "该排队号已处理");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "mark");
	if (answer_ticket(db, tid, ticket, "mark", e))
		return -1;
	fair_notify(id, "queue", ent);
	return 0;
}
