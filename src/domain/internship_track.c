/* Weekly logs, visits, evaluations and incidents; see internship_track.h. */
#include "domain/internship_track.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"

static const char *const live[] = {"active", "ended", NULL};

/* intern_load() while the placement is in one of allowed. */
static int load_in(struct store *db, const struct actor *a, int64_t id, const char *const *allowed,
                   const char *what, struct intern *p, struct derr *e)
{
	if (intern_load(db, a, id, p, e))
		return -1;
	for (; *allowed; allowed++)
		if (!strcmp(p->status, *allowed))
			return 0;
	return derr_codef(e, DERR_CONFLICT, NULL, "status", "实习当前为 %s，不能%s", p->status,
	                  what);
}

int intern_log_submit(struct store *db, const struct actor *a, int64_t id,
                      const struct intern_log_input *in, json_t **out, struct derr *e)
{
	struct intern p;
	int32_t week, start, end;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (!p.own)
		return derr_set(e, DERR_FORBIDDEN, NULL, "实习周志由学生本人填写");
	if (load_in(db, a, id, live, "填写周志", &p, e) ||
	    coop_date(in->week_start, "week_start", &week, e))
		return -1;
	if (date_weekday(week) != 1)
		return derr_set(e, DERR_INVALID, "week_start", "周志以周一为起始日");
	date_parse(p.starts_on, &start);
	date_parse(p.ends_on, &end);
	int32_t last = coop_today() < end ? coop_today() : end;
	if (week < date_week_start(start) || week > date_week_start(last))
		return derr_set(e, DERR_INVALID, "week_start",
		                "只能填写实习开始以来、本周及以前的周志");
	int64_t now = now_seconds(), done = 0;
	/* A new week, or a returned one written again; never over a log that
	 * was sent or confirmed. */
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "INSERT INTO intern_logs (internship_id, week_start, done, learned,"
	                      " days_present, submitted_at) VALUES (?, ?, ?, ?, ?, ?) ON"
	                      " CONFLICT (internship_id, week_start) DO UPDATE SET done ="
	                      " excluded.done, learned = excluded.learned, days_present ="
	                      " excluded.days_present, status = 'submitted', submitted_at ="
	                      " excluded.submitted_at, reviewed_at = NULL, reviewed_by = NULL"
	                      " WHERE intern_logs.status = 'returned' RETURNING id",
	                      "ittti"
	                      "i",
	                      id, in->week_start, in->done, in->learned, in->days_present, now);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "week_start",
		                "这一周的周志已提交，退回后才能修改");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "log submit");
	return intern_finish(db, a, id, "internship.log_submit", in->week_start, out, e);
}

int intern_log_review(struct store *db, const struct actor *a, int64_t id, int64_t lid, int confirm,
                      const char *comment, json_t **out, struct derr *e)
{
	struct intern p;
	int64_t done = 0;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (a->role != ROLE_ENTERPRISE || a->id != p.mentor)
		return derr_set(e, DERR_FORBIDDEN, NULL, "周志由该实习的带教师傅审核");
	if (!confirm && (!comment || !*comment))
		return derr_set(e, DERR_INVALID, "comment", "退回周志须写明原因");
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE intern_logs SET status = ?, comment = ?, reviewed_at = ?,"
	                      " reviewed_by = ? WHERE id = ? AND internship_id = ? AND status ="
	                      " 'submitted' RETURNING id",
	                      "ttiiii", confirm ? "confirmed" : "returned", comment, now_seconds(),
	                      a->id, lid, id);
	if (rc == STORE_DONE) {
		int64_t there = 0;
		rc = store_int64(
		    db, &there,
		    "SELECT COUNT(*) FROM intern_logs WHERE id = ? AND internship_id = ?", "ii",
		    lid, id);
		store_rollback(db);
		if (rc != STORE_ROW)
			return derr_store(e, db, "log review");
		return there
		           ? derr_set(e, DERR_CONFLICT, "log_id", "该周志已审核，等待学生重新提交")
		           : derr_set(e, DERR_NOT_FOUND, "log_id", "周志不存在");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "log review");
	return intern_finish(
	    db, a, id, confirm ? "internship.log_confirm" : "internship.log_return", NULL, out, e);
}

int intern_visit_add(struct store *db, const struct actor *a, int64_t id, const char *visited_on,
                     const char *mode, const char *notes, json_t **out, struct derr *e)
{
	struct intern p;
	int32_t day, start;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part != COOP_COLLEGE && p.part != COOP_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "走访记录由院校填写");
	if (load_in(db, a, id, live, "登记走访", &p, e) ||
	    coop_date(visited_on, "visited_on", &day, e))
		return -1;
	date_parse(p.starts_on, &start);
	if (day < start || day > coop_today())
		return derr_set(e, DERR_INVALID, "visited_on",
		                "走访日期应在实习开始之后、今天之前");
	if (strcmp(mode, "onsite") && strcmp(mode, "online"))
		return derr_set(e, DERR_INVALID, "mode", "走访方式应为 onsite 或 online");
	if (store_begin(db) != STORE_OK ||
	    store_run(
	        db,
	        "INSERT INTO intern_visits (internship_id, visited_on, mode, notes, created_by,"
	        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
	        "itttii", id, visited_on, mode, notes, a->id, now_seconds()) != STORE_OK)
		return derr_store(e, db, "intern visit");
	return intern_finish(db, a, id, "internship.visit", visited_on, out, e);
}

int intern_evaluate(struct store *db, const struct actor *a, int64_t id, const char *stage,
                    int64_t score, const char *comment, json_t **out, struct derr *e)
{
	struct intern p;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	const char *by = a->role == ROLE_ENTERPRISE && a->id == p.mentor    ? "mentor"
	                 : a->role == ROLE_COLLEGE && a->id == p.instructor ? "instructor"
	                                                                    : NULL;
	if (!by)
		return derr_set(e, DERR_FORBIDDEN, NULL, "考核由该实习的带教师傅或指导教师填写");
	int mid = !strcmp(stage, "mid");
	if (!mid && strcmp(stage, "final"))
		return derr_set(e, DERR_INVALID, "stage", "考核阶段应为 mid 或 final");
	static const char *const active_only[] = {"active", NULL};
	if (load_in(db, a, id, mid ? active_only : live, mid ? "中期考核" : "终期考核", &p, e))
		return -1;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_run(db,
	                    "INSERT INTO intern_evaluations (internship_id, stage, by_role,"
	                    " score, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?,"
	                    " ?)",
	                    "ittitii", id, stage, by, score, comment, a->id, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "stage", "该阶段的考核已填写");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "evaluation");
	return intern_finish(db, a, id, "internship.evaluate", stage, out, e);
}

int intern_incident_report(struct store *db, const struct actor *a, int64_t id,
                           const struct intern_incident_input *in, json_t **out, struct derr *e)
{
	struct intern p;
	int32_t when, due;
	*out = NULL;
	if (load_in(db, a, id, live, "报告事件", &p, e) ||
	    coop_date(in->occurred_on, "occurred_on", &when, e) ||
	    coop_date(in->followup_due, "followup_due", &due, e))
		return -1;
	static const char *const kinds[] = {"injury", "dispute", "safety", "other"};
	int known = 0;
	for (int i = 0; i < 4; i++)
		known |= !strcmp(in->kind, kinds[i]);
	if (!known)
		return derr_set(e, DERR_INVALID, "kind",
		                "事件类型应为 injury、dispute、safety 或 other");
	if (when > coop_today())
		return derr_set(e, DERR_INVALID, "occurred_on", "发生日期不能晚于今天");
	if (due < when)
		return derr_set(e, DERR_INVALID, "followup_due", "跟进期限不能早于发生日期");
	if (store_begin(db) != STORE_OK ||
	    store_run(db,
	              "INSERT INTO intern_incidents (internship_id, kind, occurred_on, description,"
	              " followup, followup_due, reported_by, reported_at) VALUES (?, ?, ?, ?, ?, ?,"
	              " ?, ?)",
	              "itttttii", id, in->kind, in->occurred_on, in->description, in->followup,
	              in->followup_due, a->id, now_seconds()) != STORE_OK)
		return derr_store(e, db, "incident");
	return intern_finish(db, a, id, "internship.incident", in->kind, out, e);
}

int intern_incident_close(struct store *db, const struct actor *a, int64_t id, int64_t xid,
                          const char *resolution, json_t **out, struct derr *e)
{
	struct intern p;
	int64_t done = 0;
	*out = NULL;
	if (intern_load(db, a, id, &p, e))
		return -1;
	if (p.part == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "事件由院校、企业或平台办结");
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE intern_incidents SET status = 'closed', resolution = ?,"
	                      " closed_by = ?, closed_at = ? WHERE id = ? AND internship_id = ?"
	                      " AND status = 'open' RETURNING id",
	                      "tiiii", resolution, a->id, now_seconds(), xid, id);
	if (rc == STORE_DONE) {
		int64_t there = 0;
		rc = store_int64(
		    db, &there,
		    "SELECT COUNT(*) FROM intern_incidents WHERE id = ? AND internship_id"
		    " = ?",
		    "ii", xid, id);
		store_rollback(db);
		if (rc != STORE_ROW)
			return derr_store(e, db, "incident close");
		return there ? derr_set(e, DERR_CONFLICT, "incident_id", "事件已办结")
		             : derr_set(e, DERR_NOT_FOUND, "incident_id", "事件不存在");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "incident close");
	return intern_finish(db, a, id, "internship.incident_close", NULL, out, e);
}
