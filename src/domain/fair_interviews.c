/* Interviews at a fair and their timetable; see fair_interviews.h. */
#include "domain/fair_interviews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"
#include "domain/recruit.h"
#include "match/timetable.h"

#define MAX_SLOTS 500

#define INTERVIEW_SELECT                                                                           \
	"SELECT i.id, i.enterprise_id, o.name AS enterprise, b.booth_no, i.student_id,"            \
	" s.name AS student, col.name AS college, m.name AS major, i.position_id, p.title AS"      \
	" position, i.priority, i.status, i.slot, i.reason,"                                       \
	" CASE WHEN i.slot IS NULL THEN NULL ELSE f.starts_at + i.slot * f.slot_minutes * 60"      \
	" END AS starts_at, CASE WHEN i.slot IS NULL THEN NULL ELSE f.starts_at + (i.slot + 1) *"  \
	" f.slot_minutes * 60 END AS ends_at, i.updated_at"                                        \
	" FROM fair_interviews i JOIN fairs f ON f.id = i.fair_id"                                 \
	" JOIN organizations o ON o.id = i.enterprise_id JOIN students s ON s.id = i.student_id"   \
	" JOIN organizations col ON col.id = s.college_id"                                         \
	" LEFT JOIN dict_majors m ON m.code = s.major_code JOIN positions p ON p.id ="             \
	" i.position_id LEFT JOIN fair_booths b ON b.fair_id = i.fair_id AND b.enterprise_id ="    \
	" i.enterprise_id"

/* Before the fair and while it is live. */
static const char *const before_or_live[] = {"signup", "signup_closed", "live", NULL};

/* HR's enterprise must stand at the fair (sign-up approved). */
static int require_approved(struct store *db, const struct actor *a, int64_t fair,
                            const char *message, struct derr *e)
{
	char su[16];
	if (fair_signup_status(db, fair, a->org_id, su, e))
		return -1;
	return strcmp(su, "approved") ? derr_set(e, DERR_RULE, "enterprise", message) : 0;
}

int fair_interview_invite(struct store *db, const struct actor *a, int64_t id, int64_t sid,
                          int64_t pid, int64_t priority, int64_t *interview, struct derr *e)
{
	struct fair f;
	char from[16];
	int64_t now = now_seconds();
	*interview = 0;
	if (fair_load_in(db, a, id, before_or_live, "安排面试", &f, e) ||
	    require_approved(db, a, id, "企业报名通过后才能邀请面试", e))
		return -1;
	json_t *ap;
	if (derr_found(
	        db,
	        store_row(db,
	                  "SELECT ap.id, ap.status FROM applications ap JOIN fair_positions"
	                  " fp ON fp.position_id = ap.position_id AND fp.fair_id = ? WHERE"
	                  " ap.student_id = ? AND ap.position_id = ? AND ap.enterprise_id = ?",
	                  "iiii", id, sid, pid, a->org_id),
	        &ap, "invite: application", DERR_RULE, "student_id",
	        "只能邀请投递了本企业在本场招聘会岗位的学生", e))
		return -1;
	int64_t app = json_integer_value(json_object_get(ap, "id"));
	snprintf(from, sizeof(from), "%s", json_string_value(json_object_get(ap, "status")));
	json_decref(ap);
	if (!strcmp(from, "withdrawn") || !strcmp(from, "rejected"))
		return derr_codef(e, DERR_RULE, NULL, "student_id", "该投递为“%s”，不能邀请面试",
		                  application_status_label(from));
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, interview,
	                      "INSERT INTO fair_interviews (fair_id, enterprise_id, student_id,"
	                      " position_id, priority, created_at, updated_at) VALUES (?, ?, ?,"
	                      " ?, ?, ?, ?) RETURNING id",
	                      "iiiiiii", id, a->org_id, sid, pid, priority, now, now);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		*interview = 0;
		return derr_set(e, DERR_CONFLICT, "student_id", "已邀请过这名学生到本展位面试");
	}
	/* The application moves to 面试 when it was not already further. */
	int ok = rc == STORE_ROW;
	if (ok && application_transition_ok(from, "interview", 0))
		ok = store_run(db,
		               "UPDATE applications SET status = 'interview', updated_at = ? WHERE"
		               " id = ?",
		               "ii", now, app) == STORE_OK &&
		     store_run(db,
		               "INSERT INTO application_events (application_id, from_status,"
		               " to_status, actor_id, at, note) VALUES (?, ?, 'interview', ?, ?,"
		               " '招聘会面试邀请')",
		               "itii", app, from, a->id, now) == STORE_OK;
	if (!ok) {
		*interview = 0;
		return derr_store(e, db, "invite");
	}
	if (audit_write(db, a, "fair.interview_invite", "fair", id, NULL, e) ||
	    derr_commit(db, NULL, "invite", e)) {
		*interview = 0;
		return -1;
	}
	fair_notify(id, "interviews", a->org_id);
	return 0;
}

int fair_interviews(struct store *db, const struct actor *a, int64_t id, json_t **items,
                    struct derr *e)
{
	return fair_scoped_rows(
	    db, a, id, INTERVIEW_SELECT " WHERE i.fair_id = ?",
	    " ORDER BY i.slot IS NULL, i.slot, b.booth_no, i.priority, i.id LIMIT 5000",
	    "无权查看面试安排", items, e);
}

/* Each step: the statuses it starts from, where it goes, while the fair is
 * in which states, and its name in refusals. */
static const struct {
	const char *const *from;
	const char *to;
	const char *const *fair_states;
	const char *what;
} steps[] = {
    [FAIR_INTERVIEW_CONFIRM] = {(const char *const[]){"scheduled", NULL}, "confirmed",
                                before_or_live, "确认面试"},
    [FAIR_INTERVIEW_CANCEL] = {(const char *const[]){"invited", "scheduled", "unplaced",
                                                     "confirmed", NULL},
                               "cancelled", before_or_live, "取消面试"},
    [FAIR_INTERVIEW_DONE] = {(const char *const[]){"scheduled", "confirmed", NULL}, "done",
                             (const char *const[]){"live", "finished", NULL}, "登记面试完成"},
};

/* Interview iid of fair id if it is the caller's: its enterprise and
 * status.  0, or -1 with e (404 when not the caller's). */
static int own_interview(struct store *db, const struct actor *a, int64_t id, int64_t iid,
                         int64_t *ent, char status[16], struct derr *e)
{
	int64_t sid = 0;
	if (fair_own_student(db, a, &sid, e))
		return -1;
	struct store_stmt *st = store_query(db,
	                                    "SELECT enterprise_id, student_id, status FROM"
	                                    " fair_interviews WHERE id = ? AND fair_id = ?",
	                                    "ii", iid, id);
	int rc = st ? store_step(st) : STORE_ERROR, owner = 0;
	if (rc == STORE_ROW) {
		*ent = store_column_int64(st, 0);
		owner =
		    a->role == ROLE_STUDENT ? store_column_int64(st, 1) == sid : *ent == a->org_id;
		snprintf(status, 16, "%s", store_column_text(st, 2));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "interview");
	return owner ? 0 : derr_set(e, DERR_NOT_FOUND, "interview_id", "面试安排不存在");
}

int fair_interview_step(struct store *db, const struct actor *a, int64_t id, int64_t iid,
                        enum fair_interview_step step, json_t **interview, struct derr *e)
{
	struct fair f;
	char now_status[16];
	int64_t ent = 0, done = 0;
	*interview = NULL;
	if ((unsigned)step >= sizeof(steps) / sizeof(steps[0]))
		return derr_internal(e, "interview: unknown step");
	if (fair_load_in(db, a, id, steps[step].fair_states, steps[step].what, &f, e) ||
	    own_interview(db, a, id, iid, &ent, now_status, e))
		return -1;
	int ok = 0;
	for (const char *const *from = steps[step].from; *from; from++)
		ok |= !strcmp(*from, now_status);
	/* From the status just read only: a concurrent step wins once. */
	int rc = !ok ? STORE_DONE
	         : store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &done,
	                           "UPDATE fair_interviews SET status = ?,"
	                           " updated_at = ? WHERE id = ? AND"
	                           " status = ? RETURNING id",
	                           "tiit", steps[step].to, now_seconds(), iid, now_status);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_codef(e, DERR_CONFLICT, NULL, "interview_id", "当前状态（%s）不能%s",
		                  now_status, steps[step].what);
	}
	if (rc != STORE_ROW ||
	    !(*interview = store_row(db, INTERVIEW_SELECT " WHERE i.id = ?", "i", iid)))
		return derr_store(e, db, "interview step");
	if (derr_commit(db, interview, "interview step", e))
		return -1;
	fair_notify(id, "interviews", ent);
	return 0;
}

/* ---- the timetable ---- */

static int by_first(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The scheduler's problem built from the interview rows. */
struct plan {
	struct sched_request *req;
	int *slot, *reason;
	int64_t *pairs;         /* (student id, request) for dense student indexes */
	VEC(int64_t) booth_ids; /* enterprise of booth k */
	VEC(struct sched_booth) booths;
	int nstudents;
};

static void plan_release(struct plan *p)
{
	free(p->req);
	free(p->slot);
	free(p->reason);
	free(p->pairs);
	VEC_FREE(&p->booth_ids);
	VEC_FREE(&p->booths);
}

/* The booth index of enterprise ent (rows come ordered by enterprise, so
 * the last one is the one to check first); -1 when out of memory. */
static int booth_index(struct plan *p, int64_t ent, int tables)
{
	for (size_t i = p->booth_ids.n; i-- > 0;)
		if (p->booth_ids.v[i] == ent)
			return (int)i;
	if (VEC_RESERVE(&p->booth_ids, 1) || VEC_RESERVE(&p->booths, 1))
		return -1;
	(void)VEC_PUSH(&p->booth_ids, ent);
	(void)VEC_PUSH(&p->booths, ((struct sched_booth){.tables = tables}));
	return (int)p->booths.n - 1;
}

static int plan_build(struct plan *p, json_t *rows, int nslots)
{
	size_t n = json_array_size(rows);
	p->req = calloc(n + 1, sizeof(*p->req));
	p->slot = calloc(n + 1, sizeof(int));
	p->reason = calloc(n + 1, sizeof(int));
	p->pairs = calloc(n + 1, 2 * sizeof(int64_t));
	if (!p->req || !p->slot || !p->reason || !p->pairs)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(rows, i);
		const char *st = json_string_value(json_object_get(r, "status"));
		int fixed = !strcmp(st, "confirmed") || !strcmp(st, "done");
		int b = booth_index(p, json_integer_value(json_object_get(r, "enterprise_id")),
		                    (int)json_integer_value(json_object_get(r, "tables")));
		if (b < 0)
			return -1;
		json_t *slot = json_object_get(r, "slot");
		p->req[i] = (struct sched_request){
		    .booth = b,
		    .priority = (int)json_integer_value(json_object_get(r, "priority")),
		    .fixed_slot =
		        fixed && json_is_integer(slot) ? (int)json_integer_value(slot) : -1,
		    .earliest = 0,
		    .latest = nslots - 1};
		/* A confirmed interview past a shortened fair's end keeps its
		 * slot in the database (the save skips it) and does not block
		 * the grid here. */
		if (p->req[i].fixed_slot >= nslots)
			p->req[i].fixed_slot = -1, p->req[i].latest = -1;
		p->pairs[2 * i] = json_integer_value(json_object_get(r, "student_id"));
		p->pairs[2 * i + 1] = (int64_t)i;
	}
	/* Student ids to 0..k-1 by sorting (id, request) pairs. */
	qsort(p->pairs, n, 2 * sizeof(int64_t), by_first);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || p->pairs[2 * i] != p->pairs[2 * i - 2])
			p->nstudents++;
		p->req[p->pairs[2 * i + 1]].student = p->nstudents - 1;
	}
	return 0;
}

/* Writes the plan in one transaction with its audit row, counting the
 * unplaced by reason.  Held and confirmed interviews never move. */
static int plan_save(struct store *db, const struct actor *a, int64_t id, json_t *rows,
                     const struct plan *p, json_t *by_reason, struct derr *e)
{
	int64_t now = now_seconds();
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "schedule save");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *r = json_array_get(rows, i);
		const char *st = json_string_value(json_object_get(r, "status"));
		if (!strcmp(st, "done") || !strcmp(st, "confirmed"))
			continue;
		int64_t iid = json_integer_value(json_object_get(r, "id"));
		int rc;
		/* Only rows still as they were read: one cancelled, confirmed or
		 * held meanwhile keeps that. */
		if (p->slot[i] >= 0) {
			rc = store_run(
			    db,
			    "UPDATE fair_interviews SET status = 'scheduled', slot = ?, reason ="
			    " NULL, updated_at = ? WHERE id = ? AND status = ?",
			    "iiit", (int64_t)p->slot[i], now, iid, st);
		} else {
			const char *why = sched_reason_name(p->reason[i]);
			json_int_t k = json_integer_value(json_object_get(by_reason, why));
			json_object_set_new(by_reason, why, json_integer(k + 1));
			rc =
			    store_run(db,
			              "UPDATE fair_interviews SET status = 'unplaced', slot = NULL,"
			              " reason = ?, updated_at = ? WHERE id = ? AND status = ?",
			              "tiit", why, now, iid, st);
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "schedule save");
	}
	if (audit_write(db, a, "fair.schedule", "fair", id, NULL, e))
		return -1;
	return derr_commit(db, NULL, "schedule save", e);
}

int fair_schedule(struct store *db, const struct actor *a, int64_t id, struct fair_schedule *r,
                  struct derr *e)
{
	struct fair f;
	struct plan p = {0};
	int rc = -1;
	*r = (struct fair_schedule){0};
	if (fair_load_in(db, a, id, before_or_live, "排程", &f, e))
		return -1;
	/* HR may re-plan (it moves other booths' unconfirmed interviews too)
	 * only while their own sign-up stands. */
	if (a->role == ROLE_ENTERPRISE && require_approved(db, a, id, "企业报名通过后才能排程", e))
		return -1;
	/* Ordered by booth so that booth_index() finds repeats fast. */
	json_t *rows =
	    store_rows(db,
	               "SELECT i.id, i.student_id, i.enterprise_id, i.priority, i.status,"
	               " i.slot, COALESCE(fe.tables_needed, 0) AS tables"
	               " FROM fair_interviews i LEFT JOIN fair_enterprises fe ON"
	               " fe.fair_id = i.fair_id AND fe.enterprise_id = i.enterprise_id"
	               " AND fe.status = 'approved' WHERE i.fair_id = ? AND i.status IN"
	               " ('invited', 'scheduled', 'unplaced', 'confirmed', 'done')"
	               " ORDER BY i.enterprise_id, i.id",
	               "i", id);
	if (!rows)
		return derr_store(e, db, "schedule load");
	int nslots = (int)((f.ends_at - f.starts_at) / (f.slot_minutes * 60));
	if (nslots > MAX_SLOTS)
		nslots = MAX_SLOTS;
	int n = (int)json_array_size(rows);
	if (plan_build(&p, rows, nslots)) {
		derr_internal(e, "schedule: out of memory");
		goto out;
	}
	struct sched_problem problem = {
	    .nslots = nslots,
	    .nbooths = (int)p.booths.n,
	    .nstudents = p.nstudents,
	    .nrequests = n,
	    .gap = (int)((f.gap_minutes + f.slot_minutes - 1) / f.slot_minutes),
	    .booths = p.booths.v,
	    .req = p.req};
	int placed = sched_solve(&problem, p.slot, p.reason);
	if (placed < 0) {
		derr_internal(e, "scheduler");
		goto out;
	}
	json_t *by_reason = json_object();
	if (!by_reason || plan_save(db, a, id, rows, &p, by_reason, e)) {
		json_decref(by_reason);
		derr_internal(e, "schedule: out of memory");
		goto out;
	}
	*r = (struct fair_schedule){n, placed, nslots, by_reason};
	fair_notify(id, "interviews", 0);
	rc = 0;
out:
	plan_release(&p);
	json_decref(rows);
	return rc;
}
