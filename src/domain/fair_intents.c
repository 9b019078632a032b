/* Intentions to hire; see fair_intents.h. */
#include "domain/fair_intents.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"
#include "domain/recruit.h"

static const char fair_note[] = "双选会意向签约";

/* The position is one the enterprise brought, and the student met it. */
static int check_intent(struct store *db, const struct actor *a, int64_t fair, int64_t sid,
                        int64_t pid, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM fair_positions fp JOIN fair_enterprises fe ON"
	                " fe.fair_id = fp.fair_id AND fe.enterprise_id = fp.enterprise_id WHERE"
	                " fp.fair_id = ? AND fp.position_id = ? AND fp.enterprise_id = ? AND"
	                " fe.status = 'approved'",
	                "iii", fair, pid, a->org_id) != STORE_ROW)
		return derr_store(e, db, "intent: position");
	if (!n)
		return derr_set(e, DERR_RULE, "position_id",
		                "该岗位不是本企业带到本场招聘会的岗位");
	/* A ticket at this booth, or an application to this enterprise: that
	 * is the student's consent to share the résumé. */
	if (store_int64(db, &n,
	                "SELECT (SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND"
	                " enterprise_id = ? AND student_id = ?) + (SELECT COUNT(*) FROM"
	                " applications WHERE enterprise_id = ? AND student_id = ?)",
	                "iiiii", fair, a->org_id, sid, a->org_id, sid) != STORE_ROW)
		return derr_store(e, db, "intent: met");
	if (!n)
		return derr_set(e, DERR_RULE, "student_id",
		                "只能与在本展位排队或投递过本企业的学生登记意向");
	return 0;
}

/* Inside the caller's transaction: the student's application to pid
 * becomes (or is created as) an offer; *app is its id. */
static int offer(struct store *db, const struct actor *a, int64_t sid, int64_t pid, int64_t *app,
                 struct derr *e)
{
	int64_t now = now_seconds();
	json_t *ap = store_row(db,
	                       "SELECT id, status FROM applications WHERE student_id = ? AND"
	                       " position_id = ?",
	                       "ii", sid, pid);
	if (!ap)
		return derr_store(e, db, "intent: application");
	if (!json_is_object(ap)) { /* a new application, straight to 录用 (offer) */
		json_decref(ap);
		if (store_int64(
		        db, app,
		        "INSERT INTO applications (student_id, position_id, enterprise_id,"
		        " status, note, created_at, updated_at) VALUES (?, ?, ?, 'offered', ?,"
		        " ?, ?) RETURNING id",
		        "iiitii", sid, pid, a->org_id, fair_note, now, now) != STORE_ROW ||
		    store_run(
		        db,
		        "INSERT INTO application_events (application_id, from_status, to_status,"
		        " actor_id, at, note) VALUES (?, NULL, 'offered', ?, ?, ?)",
		        "iiit", *app, a->id, now, fair_note) != STORE_OK)
			return derr_store(e, db, "intent: application");
		return 0;
	}
	char from[16];
	snprintf(from, sizeof(from), "%s", json_string_value(json_object_get(ap, "status")));
	*app = json_integer_value(json_object_get(ap, "id"));
	json_decref(ap);
	if (!strcmp(from, "offered") || !strcmp(from, "accepted"))
		return 0;
	if (!application_transition_ok(from, "offered", 0))
		return derr_codef(e, DERR_RULE, NULL, "student_id", "该投递为“%s”，不能登记意向",
		                  application_status_label(from));
	if (store_run(db, "UPDATE applications SET status = 'offered', updated_at = ? WHERE id = ?",
	              "ii", now, *app) != STORE_OK ||
	    store_run(db,
	              "INSERT INTO application_events (application_id, from_status, to_status,"
	              " actor_id, at, note) VALUES (?, ?, 'offered', ?, ?, ?)",
	              "itiit", *app, from, a->id, now, fair_note) != STORE_OK)
		return derr_store(e, db, "intent: application");
	return 0;
}

int fair_intent_create(struct store *db, const struct actor *a, int64_t id, int64_t sid,
                       int64_t pid, const char *note, int64_t *intent, int64_t *application,
                       struct derr *e)
{
	struct fair f;
	*intent = *application = 0;
	if (fair_load_in(db, a, id, fair_states_live, "登记签约意向", &f, e) ||
	    check_intent(db, a, id, sid, pid, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "intent");
	if (offer(db, a, sid, pid, application, e))
		goto out_rollback;
	int rc = store_int64(db, intent,
	                     "INSERT INTO fair_intents (fair_id, enterprise_id, student_id,"
	                     " position_id, application_id, note, created_by, created_at)"
	                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                     "iiiiitii", id, a->org_id, sid, pid, *application, note, a->id,
	                     now_seconds());
	if (rc == STORE_UNIQUE) {
		derr_set(e, DERR_CONFLICT, "position_id", "已登记过这名学生对该岗位的意向");
		goto out_rollback;
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "intent");
	if (audit_write(db, a, "fair.intent", "fair", id, NULL, e) ||
	    derr_commit(db, NULL, "intent", e))
		return -1;
	fair_notify(id, "intent", a->org_id);
	return 0;
out_rollback:
	store_rollback(db);
	*intent = *application = 0;
	return -1;
}

int fair_intents(struct store *db, const struct actor *a, int64_t id, json_t **items,
                 struct derr *e)
{
	return fair_scoped_rows(
	    db, a, id,
	    "SELECT i.id, i.enterprise_id, o.name AS enterprise, i.student_id, s.name AS"
	    " student, col.name AS college, m.name AS major, i.position_id, p.title AS"
	    " position, i.application_id, ap.status AS application_status, i.note,"
	    " i.created_at FROM fair_intents i JOIN organizations o ON o.id ="
	    " i.enterprise_id JOIN students s ON s.id = i.student_id JOIN organizations"
	    " col ON col.id = s.college_id LEFT JOIN dict_majors m ON m.code ="
	    " s.major_code JOIN positions p ON p.id = i.position_id LEFT JOIN"
	    " applications ap ON ap.id = i.application_id WHERE i.fair_id = ?",
	    " ORDER BY i.created_at DESC, i.id DESC LIMIT 1000", "无权查看签约意向", items, e);
}
