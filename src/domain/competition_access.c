/* The competition's shared machinery: transactions, row loading, who sees a team. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/competition_internal.h"

int comp_begin(struct store *db, int *own, struct derr *e)
{
	*own = !store_in_tx(db);
	if (*own && store_begin(db) != STORE_OK)
		return derr_store(e, db, "competition: begin");
	return 0;
}

int comp_commit(struct store *db, int own, struct derr *e)
{
	if (own && store_commit(db) != STORE_OK)
		return derr_store(e, db, "competition: commit");
	return 0;
}

int comp_abort(struct store *db)
{
	store_rollback(db);
	return -1;
}

int comp_audit(struct store *db, const struct actor *a, const char *action, const char *type,
               int64_t id, struct derr *e, const char *fmt, ...)
{
	char detail[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return audit_write(db, a, action, type, id, detail, e);
}

double comp_round4(double x)
{
	return round(x * 10000.0) / 10000.0;
}

static void copy_text(char *dst, size_t n, struct store_stmt *st, int col)
{
	const char *s = store_column_text(st, col);
	snprintf(dst, n, "%s", s ? s : "");
}

static int not_found(struct derr *e, const char *what)
{
	return derr_set(e, DERR_NOT_FOUND, NULL, what);
}

/* Drafts are the operator's: to anyone else the edition does not exist. */
static int hidden(const struct actor *a, const char *edition_status)
{
	return a && a->role != ROLE_OPERATOR && !strcmp(edition_status, "draft");
}

int comp_edition_load(struct store *db, const struct actor *a, int64_t id,
                      struct comp_edition_row *r, struct derr *e)
{
	struct store_stmt *st =
	    store_query(db,
	                "SELECT id, year, submit_deadline, endorse_deadline, min_members,"
	                " max_members, appeal_days, status, name FROM comp_editions WHERE id = ?",
	                "i", id);
	if (!st)
		return derr_store(e, db, "edition load");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		int64_t *v[] = {
		    &r->id,          &r->year,        &r->submit_deadline, &r->endorse_deadline,
		    &r->min_members, &r->max_members, &r->appeal_days};
		for (int i = 0; i < 7; i++)
			*v[i] = store_column_int64(st, i);
		copy_text(r->status, sizeof(r->status), st, 7);
		copy_text(r->name, sizeof(r->name), st, 8);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "edition load");
	if (rc == STORE_DONE || hidden(a, r->status))
		return not_found(e, "该届大赛不存在");
	return 0;
}

int comp_round_load(struct store *db, const struct actor *a, int64_t id, struct comp_round_row *r,
                    struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT r.id, r.edition_id, r.seq, r.per_team, r.is_final, r.seed, r.replicates,"
	    " r.slot_seconds, COALESCE(r.stage_team_id, 0), COALESCE(r.timer_started_at, 0),"
	    " r.timer_elapsed, COALESCE(r.done_at, 0), r.status, r.kind, ed.status, r.name"
	    " FROM comp_rounds r JOIN comp_editions ed ON ed.id = r.edition_id WHERE r.id = ?",
	    "i", id);
	if (!st)
		return derr_store(e, db, "round load");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		int64_t *v[] = {&r->id,
		                &r->edition_id,
		                &r->seq,
		                &r->per_team,
		                &r->is_final,
		                &r->seed,
		                &r->replicates,
		                &r->slot_seconds,
		                &r->stage_team_id,
		                &r->timer_started_at,
		                &r->timer_elapsed,
		                &r->done_at};
		for (int i = 0; i < 12; i++)
			*v[i] = store_column_int64(st, i);
		copy_text(r->status, sizeof(r->status), st, 12);
		copy_text(r->kind, sizeof(r->kind), st, 13);
		copy_text(r->edition_status, sizeof(r->edition_status), st, 14);
		copy_text(r->name, sizeof(r->name), st, 15);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "round load");
	if (rc == STORE_DONE || hidden(a, r->edition_status))
		return not_found(e, "该轮比赛不存在");
	return 0;
}

int comp_team_load(struct store *db, const struct actor *a, int64_t id, struct comp_team_row *r,
                   struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT t.id, t.edition_id, t.track_id, t.leader_id, t.college_id,"
	    " COALESCE(t.sponsor_id, 0), t.round_seq, ed.submit_deadline, ed.endorse_deadline,"
	    " t.status, ed.status, COALESCE(t.plan_sha256, '') FROM comp_teams t JOIN"
	    " comp_editions ed ON ed.id = t.edition_id WHERE t.id = ?",
	    "i", id);
	if (!st)
		return derr_store(e, db, "team load");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		int64_t *v[] = {&r->id,        &r->edition_id,      &r->track_id,
		                &r->leader_id, &r->college_id,      &r->sponsor_id,
		                &r->round_seq, &r->submit_deadline, &r->endorse_deadline};
		for (int i = 0; i < 9; i++)
			*v[i] = store_column_int64(st, i);
		copy_text(r->status, sizeof(r->status), st, 9);
		copy_text(r->edition_status, sizeof(r->edition_status), st, 10);
		copy_text(r->plan_sha256, sizeof(r->plan_sha256), st, 11);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "team load");
	if (rc == STORE_DONE || hidden(a, r->edition_status))
		return not_found(e, "团队不存在");
	return 0;
}

/* 1 when the query returns a row, 0 when none, -1 on a store error. */
static int exists(struct store *db, const char *sql, int64_t x, int64_t y)
{
	int64_t v;
	int rc = store_int64(db, &v, sql, "ii", x, y);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

int comp_team_access(struct store *db, const struct actor *a, const struct comp_team_row *t,
                     enum comp_access *out, struct derr *e)
{
	*out = COMP_SEE_NONE;
	switch (a->role) {
	case ROLE_OPERATOR:
		*out = COMP_SEE_OPERATOR;
		return 0;
	case ROLE_STUDENT: {
		struct store_stmt *st = store_query(
		    db,
		    "SELECT m.status, m.is_leader FROM comp_members m JOIN students s ON s.id ="
		    " m.student_id WHERE m.team_id = ? AND s.account_id = ?",
		    "ii", t->id, a->id);
		if (!st)
			return derr_store(e, db, "team access");
		int rc = store_step(st);
		if (rc == STORE_ROW) {
			const char *status = store_column_text(st, 0);
			if (!strcmp(status, "accepted"))
				*out =
				    store_column_int64(st, 1) ? COMP_SEE_LEADER : COMP_SEE_MEMBER;
			else if (!strcmp(status, "invited"))
				*out = COMP_SEE_INVITEE;
		}
		store_finalize(st);
		return rc == STORE_ROW || rc == STORE_DONE ? 0 : derr_store(e, db, "team access");
	}
	case ROLE_COLLEGE: {
		int adv =
		    exists(db, "SELECT 1 FROM comp_advisors WHERE team_id = ? AND account_id = ?",
		           t->id, a->id);
		if (adv < 0)
			return derr_store(e, db, "team access");
		if (adv)
			*out = COMP_SEE_ADVISOR;
		else if (a->org_id && a->org_id == t->college_id)
			*out = COMP_SEE_COLLEGE;
		return 0;
	}
	case ROLE_JUDGE:
	case ROLE_MENTOR: {
		int judge = exists(
		    db,
		    "SELECT 1 FROM comp_assignments x JOIN comp_judges j ON j.id = x.judge_id WHERE"
		    " x.team_id = ? AND j.account_id = ? AND j.status = 'active' AND NOT EXISTS"
		    " (SELECT 1 FROM comp_conflicts c WHERE c.judge_id = j.id AND c.team_id ="
		    " x.team_id)",
		    t->id, a->id);
		if (judge < 0)
			return derr_store(e, db, "team access");
		if (judge)
			*out = COMP_SEE_JUDGE;
		return 0;
	}
	default:
		return 0;
	}
}

int comp_actor_student(struct store *db, const struct actor *a, int64_t *sid, struct derr *e)
{
	int rc = store_int64(db, sid,
	                     "SELECT id FROM students WHERE account_id = ? AND closed_at IS NULL",
	                     "i", a->id);
	if (rc == STORE_ROW)
		return 0;
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有学生档案，请先完善个人信息");
	return derr_store(e, db, "own student");
}

int comp_actor_judge(struct store *db, const struct actor *a, int64_t edition, int active,
                     int64_t *judge, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db, "SELECT id, status FROM comp_judges WHERE edition_id = ? AND account_id = ?", "ii",
	    edition, a->id);
	if (!st)
		return derr_store(e, db, "own judge");
	int rc = store_step(st), ok = 0;
	if (rc == STORE_ROW) {
		*judge = store_column_int64(st, 0);
		ok = !active || !strcmp(store_column_text(st, 1), "active");
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "own judge");
	if (!ok)
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                rc == STORE_ROW ? "请先接受本届大赛的评委邀请"
		                                : "您不是本届大赛的评委");
	return 0;
}

int comp_require(const char *status, const char *const *allowed, const char *message,
                 struct derr *e)
{
	for (const char *const *s = allowed; *s; s++)
		if (!strcmp(*s, status))
			return 0;
	return derr_set(e, DERR_RULE, "status", message);
}

int comp_team_set_status(struct store *db, int64_t team, const char *from, const char *to,
                         struct derr *e)
{
	if (!comp_team_transition_ok(from, to))
		return derr_set(e, DERR_CONFLICT, "status", "团队当前状态不允许此操作");
	if (store_run(db, "UPDATE comp_teams SET status = ?, updated_at = ? WHERE id = ?", "tii",
	              to, now_seconds(), team) != STORE_OK)
		return derr_store(e, db, "team status");
	return 0;
}

int comp_team_leader(struct store *db, const struct actor *a, int64_t team, struct comp_team_row *t,
                     const char *refusal, struct derr *e)
{
	enum comp_access see;
	if (comp_team_load(db, a, team, t, e) || comp_team_access(db, a, t, &see, e))
		return -1;
	if (see == COMP_SEE_NONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "团队不存在");
	if (see != COMP_SEE_LEADER)
		return derr_set(e, DERR_FORBIDDEN, NULL, refusal);
	return 0;
}

int comp_judge_named(struct store *db, int64_t judge, json_t *o)
{
	json_t *name =
	    store_row(db,
	              "SELECT a.display_name AS name FROM comp_judges j JOIN accounts a ON"
	              " a.id = j.account_id WHERE j.id = ?",
	              "i", judge);
	if (json_is_object(name))
		json_object_update(o, name);
	json_decref(name);
	return name ? 0 : -1;
}

int comp_one(struct store_stmt *st)
{
	int rc = st ? store_step(st) : STORE_ERROR;
	return rc == STORE_ROW || rc == STORE_DONE ? rc : STORE_ERROR;
}

long comp_find_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? (long)lo : -1;
}

int comp_operator(const struct actor *a, struct derr *e)
{
	if (a && a->role == ROLE_OPERATOR)
		return 0;
	return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营人员可以执行此操作");
}
