/*
 * Interviews at a fair: HR invites applicants, the scheduler (src/match/
 * timetable.h) builds the timetable over every booth at once, students
 * confirm, and confirmed interviews never move when it is re-planned.
 *
 * Slot s of a fair starts at starts_at + s × slot_minutes; the travel gap
 * between booths is gap_minutes rounded up to whole slots.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api_fair.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/recruit.h"
#include "match/timetable.h"

#define MAX_SLOTS 500

static const char *const before_or_live[] = {"signup", "signup_closed", "live", NULL};

static const char *const invite_fields[] = {"student_id", "position_id", "priority", NULL};

void api_fairs_interview_invite(struct api_ctx *c)
{
	int64_t id, sid = 0, pid = 0, prio = 1, iid = 0, now = now_seconds();
	api_only_fields(c, invite_fields);
	api_int(c, "student_id", API_REQUIRED, &sid);
	api_int(c, "position_id", API_REQUIRED, &pid);
	api_int_in(c, "priority", API_OPTIONAL, 1, 9, &prio);
	if (fair_in_status(c, &id, before_or_live, "安排面试"))
		return;
	const char *su = fair_signup_status(c, id, c->actor.org_id);
	if (!su || strcmp(su, "approved")) {
		api_fail(c, 422, "rule", "enterprise", "企业报名通过后才能邀请面试");
		return;
	}
	json_t *ap = store_row(c->db,
	                       "SELECT ap.id, ap.status FROM applications ap JOIN fair_positions fp"
	                       " ON fp.position_id = ap.position_id AND fp.fair_id = ? WHERE"
	                       " ap.student_id = ? AND ap.position_id = ? AND ap.enterprise_id = ?",
	                       "iiii", id, sid, pid, c->actor.org_id);
	if (!json_is_object(ap)) {
		json_decref(ap);
		api_fail(c, 422, "rule", "student_id",
		         "只能邀请投递了本企业在本场招聘会岗位的学生");
		return;
	}
	int64_t app = json_integer_value(json_object_get(ap, "id"));
	const char *from = arena_strdup(c->arena, json_string_value(json_object_get(ap, "status")));
	json_decref(ap);
	if (!strcmp(from, "withdrawn") || !strcmp(from, "rejected")) {
		api_fail(c, 422, "rule", "student_id",
		         arena_printf(c->arena, "该投递为“%s”，不能邀请面试",
		                      application_status_label(from)));
		return;
	}
	if (store_begin(c->db) != STORE_OK) {
		api_internal(c, "begin");
		return;
	}
	int rc =
	    store_int64(c->db, &iid,
	                "INSERT INTO fair_interviews (fair_id, enterprise_id, student_id,"
	                " position_id, priority, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
	                " ?, ?) RETURNING id",
	                "iiiiiii", id, c->actor.org_id, sid, pid, prio, now, now);
	if (rc == STORE_UNIQUE) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "student_id", "已邀请过这名学生到本展位面试");
		return;
	}
	/* The application moves to 面试 when it was not already further. */
	int ok = rc == STORE_ROW;
	if (ok && application_transition_ok(from, "interview", 0))
		ok =
		    store_run(
		        c->db,
		        "UPDATE applications SET status = 'interview', updated_at = ? WHERE id = ?",
		        "ii", now, app) == STORE_OK &&
		    store_run(
		        c->db,
		        "INSERT INTO application_events (application_id, from_status, to_status,"
		        " actor_id, at, note) VALUES (?, ?, 'interview', ?, ?, '招聘会面试邀请')",
		        "itii", app, from, c->actor.id, now) == STORE_OK;
	if (!ok || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_internal(c, "invite");
		return;
	}
	api_audit(c, "fair.interview_invite", "fair", id, "ok", NULL);
	fair_notify(id, "interviews", c->actor.org_id);
	api_reply(c, 201, json_pack("{s:I}", "interview_id", (json_int_t)iid));
}

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

void api_fairs_interviews(struct api_ctx *c)
{
	fair_scoped_list(
	    c, INTERVIEW_SELECT " WHERE i.fair_id = ?",
	    " ORDER BY i.slot IS NULL, i.slot, b.booth_no, i.priority, i.id LIMIT 5000",
	    "无权查看面试安排", "interviews");
}

static const char *const one_fields[] = {"interview_id", NULL};

/* Moves interview_id (of the caller: HR's enterprise or the student) from
 * one of the from statuses to `to`. */
static void interview_step(struct api_ctx *c, const char *const *from, const char *to,
                           const char *const *fair_states, const char *what)
{
	int64_t id, iid = 0, done = 0, owner = 0;
	api_only_fields(c, one_fields);
	api_int(c, "interview_id", API_REQUIRED, &iid);
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	int bad = fair_require_status(c, f, fair_states, what);
	json_decref(f);
	if (bad)
		return;
	json_t *row = store_row(c->db,
	                        "SELECT enterprise_id, student_id, status FROM fair_interviews"
	                        " WHERE id = ? AND fair_id = ?",
	                        "ii", iid, id);
	if (json_is_object(row))
		owner = c->actor.role == ROLE_STUDENT
		            ? json_integer_value(json_object_get(row, "student_id")) ==
		                  api_own_student(c)
		            : json_integer_value(json_object_get(row, "enterprise_id")) ==
		                  c->actor.org_id;
	if (!owner) {
		json_decref(row);
		api_fail(c, 404, "not_found", "interview_id", "面试安排不存在");
		return;
	}
	const char *now_status =
	    arena_strdup(c->arena, json_string_value(json_object_get(row, "status")));
	int64_t ent = json_integer_value(json_object_get(row, "enterprise_id"));
	json_decref(row);
	int ok = 0;
	for (; *from; from++)
		ok |= !strcmp(*from, now_status);
	if (!ok || store_int64(c->db, &done,
	                       "UPDATE fair_interviews SET status = ?, updated_at = ? WHERE id = ?"
	                       " AND status = ? RETURNING id",
	                       "tiit", to, now_seconds(), iid, now_status) != STORE_ROW) {
		api_fail(c, 409, "conflict", "interview_id",
		         arena_printf(c->arena, "当前状态（%s）不能%s", now_status, what));
		return;
	}
	fair_notify(id, "interviews", ent);
	api_reply(c, 200,
	          json_pack("{s:o}", "interview",
	                    store_row(c->db, INTERVIEW_SELECT " WHERE i.id = ?", "i", iid)));
}

void api_fairs_interview_confirm(struct api_ctx *c)
{
	static const char *const from[] = {"scheduled", NULL};
	interview_step(c, from, "confirmed", before_or_live, "确认面试");
}

void api_fairs_interview_cancel(struct api_ctx *c)
{
	static const char *const from[] = {"invited", "scheduled", "unplaced", "confirmed", NULL};
	interview_step(c, from, "cancelled", before_or_live, "取消面试");
}

void api_fairs_interview_done(struct api_ctx *c)
{
	static const char *const from[] = {"scheduled", "confirmed", NULL};
	static const char *const live[] = {"live", "finished", NULL};
	interview_step(c, from, "done", live, "登记面试完成");
}

static int by_first(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Dense indexes for the scheduler: the k-th distinct id seen. */
struct ids {
	int64_t *v;
	int n;
};

static int index_of(struct ids *ids, int64_t id)
{
	for (int i = ids->n - 1; i >= 0; i--) /* callers are ordered: recent first */
		if (ids->v[i] == id)
			return i;
	ids->v[ids->n] = id;
	return ids->n++;
}

void api_fairs_schedule(struct api_ctx *c)
{
	int64_t id;
	if (api_no_fields(c))
		return;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int bad = fair_require_status(c, f, before_or_live, "排程");
	int64_t span = json_integer_value(json_object_get(f, "ends_at")) -
	               json_integer_value(json_object_get(f, "starts_at"));
	int64_t slot_min = json_integer_value(json_object_get(f, "slot_minutes"));
	int64_t gap_min = json_integer_value(json_object_get(f, "gap_minutes"));
	json_decref(f);
	if (bad)
		return;
	/* HR may re-plan (it moves other booths' unconfirmed interviews too)
	 * only while their own sign-up stands. */
	if (c->actor.role == ROLE_ENTERPRISE) {
		const char *su = fair_signup_status(c, id, c->actor.org_id);
		if (!su || strcmp(su, "approved")) {
			api_fail(c, 422, "rule", "enterprise", "企业报名通过后才能排程");
			return;
		}
	}
	/* Ordered by booth so that index_of finds repeats fast. */
	json_t *rows =
	    store_rows(c->db,
	               "SELECT i.id, i.student_id, i.enterprise_id, i.priority, i.status,"
	               " i.slot, COALESCE(fe.tables_needed, 0) AS tables"
	               " FROM fair_interviews i LEFT JOIN fair_enterprises fe ON"
	               " fe.fair_id = i.fair_id AND fe.enterprise_id = i.enterprise_id"
	               " AND fe.status = 'approved' WHERE i.fair_id = ? AND i.status IN"
	               " ('invited', 'scheduled', 'unplaced', 'confirmed', 'done')"
	               " ORDER BY i.enterprise_id, i.id",
	               "i", id);
	if (!rows) {
		api_internal(c, "schedule load");
		return;
	}
	int n = (int)json_array_size(rows);
	int nslots = (int)(span / (slot_min * 60));
	if (nslots > MAX_SLOTS)
		nslots = MAX_SLOTS;
	struct sched_request *req = calloc((size_t)n + 1, sizeof(*req));
	struct sched_booth *booth = calloc((size_t)n + 1, sizeof(*booth));
	struct ids students = {calloc((size_t)n + 1, sizeof(int64_t)), 0};
	struct ids booths = {calloc((size_t)n + 1, sizeof(int64_t)), 0};
	int *slot = calloc((size_t)n + 1, sizeof(int)),
	    *reason = calloc((size_t)n + 1, sizeof(int));
	int placed = -1;
	if (req && booth && students.v && booths.v && slot && reason) {
		for (int i = 0; i < n; i++) {
			json_t *r = json_array_get(rows, (size_t)i);
			const char *st = json_string_value(json_object_get(r, "status"));
			int fixed = !strcmp(st, "confirmed") || !strcmp(st, "done");
			int b = index_of(&booths,
			                 json_integer_value(json_object_get(r, "enterprise_id")));
			booth[b].tables = (int)json_integer_value(json_object_get(r, "tables"));
			req[i] = (struct sched_request){
			    .student = (int)json_integer_value(json_object_get(r, "student_id")),
			    .booth = b,
			    .priority = (int)json_integer_value(json_object_get(r, "priority")),
			    .fixed_slot = fixed && json_is_integer(json_object_get(r, "slot"))
			                      ? (int)json_integer_value(json_object_get(r, "slot"))
			                      : -1,
			    .earliest = 0,
			    .latest = nslots - 1};
			/* A confirmed interview past a shortened fair's end keeps
			 * its slot in the database (the save skips it) and does
			 * not block the grid here. */
			if (req[i].fixed_slot >= nslots)
				req[i].fixed_slot = -1, req[i].latest = -1;
		}
		/* Student ids to 0..k-1 by sorting (id, request) pairs. */
		int64_t *pairs = calloc((size_t)n + 1, 2 * sizeof(int64_t));
		if (pairs) {
			for (int i = 0; i < n; i++)
				pairs[2 * i] = json_integer_value(
				    json_object_get(json_array_get(rows, (size_t)i), "student_id")),
				          pairs[2 * i + 1] = i;
			qsort(pairs, (size_t)n, 2 * sizeof(int64_t), by_first);
			for (int i = 0; i < n; i++) {
				if (i == 0 || pairs[2 * i] != pairs[2 * i - 2])
					students.n++;
				req[pairs[2 * i + 1]].student = students.n - 1;
			}
			free(pairs);
			struct sched_problem p = {.nslots = nslots,
			                          .nbooths = booths.n,
			                          .nstudents = students.n,
			                          .nrequests = n,
			                          .gap = (int)((gap_min + slot_min - 1) / slot_min),
			                          .booths = booth,
			                          .req = req};
			placed = sched_solve(&p, slot, reason);
		}
	}
	int ok = placed >= 0 && store_begin(c->db) == STORE_OK;
	int64_t now = now_seconds();
	json_t *by_reason = json_object();
	for (int i = 0; ok && i < n; i++) {
		json_t *r = json_array_get(rows, (size_t)i);
		const char *st = json_string_value(json_object_get(r, "status"));
		/* Held and confirmed interviews never move or drop out. */
		if (!strcmp(st, "done") || !strcmp(st, "confirmed"))
			continue;
		const char *to = slot[i] >= 0 ? "scheduled" : "unplaced";
		const char *why = slot[i] >= 0 ? NULL : sched_reason_name(reason[i]);
		if (why) {
			json_int_t k = json_integer_value(json_object_get(by_reason, why));
			json_object_set_new(by_reason, why, json_integer(k + 1));
		}
		int64_t iid = json_integer_value(json_object_get(r, "id"));
		/* Only rows still as they were read: one cancelled, confirmed or
		 * held meanwhile keeps that. */
		ok = (slot[i] >= 0
		          ? store_run(
		                c->db,
		                "UPDATE fair_interviews SET status = ?, slot = ?, reason = NULL,"
		                " updated_at = ? WHERE id = ? AND status = ?",
		                "tiiit", to, (int64_t)slot[i], now, iid, st)
		          : store_run(
		                c->db,
		                "UPDATE fair_interviews SET status = ?, slot = NULL, reason = ?,"
		                " updated_at = ? WHERE id = ? AND status = ?",
		                "ttiit", to, why, now, iid, st)) == STORE_OK;
	}
	ok = ok && store_commit(c->db) == STORE_OK;
	store_rollback(c->db);
	free(req);
	free(booth);
	free(students.v);
	free(booths.v);
	free(slot);
	free(reason);
	json_decref(rows);
	if (!ok) {
		json_decref(by_reason);
		api_internal(c, placed < 0 ? "scheduler" : "schedule save");
		return;
	}
	api_audit(c, "fair.schedule", "fair", id, "ok", NULL);
	fair_notify(id, "interviews", 0);
	api_reply(c, 200,
	          json_pack("{s:i, s:i, s:i, s:o}", "requests", n, "placed", placed, "slots",
	                    nslots, "unplaced_by_reason", by_reason));
}
