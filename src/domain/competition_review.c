/* Submitting, college endorsement (院校推荐) and the eligibility check (资格审查). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/competition_internal.h"

#define MAX_MEMBERS 16

/* What the rules in comp_team_problems() look at, read for one team. */
struct team_facts {
	struct comp_elig_facts f;
	struct comp_member_fact members[MAX_MEMBERS];
	char names[MAX_MEMBERS][64];
};

static int count(struct store *db, int64_t *out, const char *sql, int64_t id)
{
	return store_int64(db, out, sql, "i", id) == STORE_ROW ? 0 : -1;
}

static int read_facts(struct store *db, const struct comp_team_row *t,
                      const struct comp_edition_row *ed, struct team_facts *tf, struct derr *e)
{
	struct comp_elig_facts *f = &tf->f;
	int64_t pending = 0, advisors = 0, summary = 0, taken = 0, limit = 0;
	memset(tf, 0, sizeof(*tf));
	f->members = tf->members;
	f->min_members = (int)ed->min_members;
	f->max_members = (int)ed->max_members;
	f->has_plan = t->plan_sha256[0] != '\0';
	f->endorsed = strcmp(t->status, "draft") && strcmp(t->status, "submitted");
	/* Enrolled: an open record, graduating this year or later.  Another
	 * team: an accepted member of a team of the edition not withdrawn. */
	struct store_stmt *st = store_query(
	    db,
	    "SELECT s.name, CASE WHEN s.closed_at IS NULL AND (s.grad_year IS NULL OR s.grad_year "
	    ">="
	    " ?) THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM comp_members m2 JOIN"
	    " comp_teams t2 ON t2.id = m2.team_id WHERE m2.student_id = m.student_id AND"
	    " m2.edition_id = m.edition_id AND m2.team_id <> m.team_id AND m2.status = 'accepted'"
	    " AND t2.status <> 'withdrawn') THEN 1 ELSE 0 END FROM comp_members m JOIN students s"
	    " ON s.id = m.student_id WHERE m.team_id = ? AND m.status = 'accepted' ORDER BY"
	    " m.is_leader DESC, m.student_id",
	    "ii", ed->year, t->id);
	if (!st)
		return derr_store(e, db, "facts members");
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		size_t i = f->n_members++;
		if (i >= MAX_MEMBERS)
			continue; /* counted, never more than the edition allows anyway */
		snprintf(tf->names[i], sizeof(tf->names[i]), "%s", store_column_text(st, 0));
		tf->members[i].name = tf->names[i];
		tf->members[i].enrolled = (int)store_column_int64(st, 1);
		tf->members[i].other_team = (int)store_column_int64(st, 2);
	}
	store_finalize(st);
	if (rc != STORE_DONE ||
	    count(db, &pending,
	          "SELECT COUNT(*) FROM comp_members WHERE team_id = ? AND status = 'invited'",
	          t->id) ||
	    count(db, &advisors, "SELECT COUNT(*) FROM comp_advisors WHERE team_id = ?", t->id) ||
	    count(db, &summary, "SELECT LENGTH(summary) FROM comp_teams WHERE id = ?", t->id) ||
	    count(db, &limit, "SELECT max_teams FROM comp_tracks WHERE id = ?", t->track_id))
		return derr_store(e, db, "facts");
	if (limit > 0 &&
	    store_int64(db, &taken,
	                "SELECT COUNT(*) FROM comp_teams WHERE track_id = ? AND id <> ? AND status"
	                " IN ('eligible', 'in_round', 'promoted', 'eliminated', 'awarded')",
	                "ii", t->track_id, t->id) != STORE_ROW)
		return derr_store(e, db, "facts track");
	if (f->n_members > MAX_MEMBERS)
		f->n_members = MAX_MEMBERS;
	f->pending_invites = (size_t)pending;
	f->advisors = (size_t)advisors;
	f->has_summary = summary > 0;
	f->track_full = limit > 0 && taken >= limit;
	return 0;
}

static json_t *reasons_json(const struct comp_reason *r, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s}", "code", r[i].code, "message", r[i].message));
	return arr;
}

int comp_team_submit(struct store *db, const struct actor *a, int64_t team, json_t **problems,
                     struct derr *e)
{
	struct comp_team_row t;
	struct comp_edition_row ed;
	struct team_facts tf;
	struct comp_reason r[24];
	int own;
	*problems = NULL;
	if (comp_team_leader(db, a, team, &t, "只有团队负责人可以提交", e))
		return -1;
	if (comp_edition_load(db, a, t.edition_id, &ed, e))
		return -1;
	if (strcmp(ed.status, "open") || now_seconds() > ed.submit_deadline)
		return derr_set(e, DERR_RULE, "status", "已过提交截止时间");
	if (strcmp(t.status, "draft"))
		return derr_set(e, DERR_CONFLICT, "status", "团队不是草稿状态");
	if (read_facts(db, &t, &ed, &tf, e))
		return -1;
	size_t n = comp_team_problems(&tf.f, 1, r, sizeof(r) / sizeof(r[0]));
	if (n) {
		*problems = reasons_json(r, n < 24 ? n : 24);
		return derr_code(e, DERR_RULE, "incomplete", NULL,
		                 "团队信息不完整，请按提示补充后再提交");
	}
	if (comp_begin(db, &own, e) || comp_team_set_status(db, team, "draft", "submitted", e))
		return comp_abort(db);
	if (store_run(db,
	              "UPDATE comp_teams SET submitted_at = ?, return_reason = NULL WHERE id = ?",
	              "ii", now_seconds(), team) != STORE_OK)
		return derr_store(e, db, "submit");
	if (comp_audit(db, a, "competition.team.submit", "comp_team", team, e,
	               "draft -> submitted"))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_recall(struct store *db, const struct actor *a, int64_t team, struct derr *e)
{
	struct comp_team_row t;
	int own;
	if (comp_team_leader(db, a, team, &t, "只有团队负责人可以撤回", e))
		return -1;
	if (strcmp(t.status, "submitted"))
		return derr_set(e, DERR_CONFLICT, "status",
		                "只有已提交、尚未推荐的团队可以撤回修改");
	if (comp_begin(db, &own, e) || comp_team_set_status(db, team, "submitted", "draft", e))
		return comp_abort(db);
	if (comp_audit(db, a, "competition.team.recall", "comp_team", team, e,
	               "submitted -> draft"))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_endorse(struct store *db, const struct actor *a, int64_t team, int ok,
                      const char *reason, struct derr *e)
{
	struct comp_team_row t;
	int own;
	if (comp_team_load(db, a, team, &t, e))
		return -1;
	/* Only the staff of the team's own college recommend it. */
	if (a->role != ROLE_COLLEGE || a->org_id != t.college_id)
		return derr_set(e, a->role == ROLE_COLLEGE ? DERR_NOT_FOUND : DERR_FORBIDDEN, NULL,
		                a->role == ROLE_COLLEGE ? "团队不存在"
		                                        : "只有团队所在院校可以推荐");
	if (strcmp(t.edition_status, "open") || now_seconds() > t.endorse_deadline)
		return derr_set(e, DERR_RULE, "status", "已过院校推荐截止时间");
	if (strcmp(t.status, "submitted"))
		return derr_set(e, DERR_CONFLICT, "status", "只有已提交的团队可以推荐或退回");
	if (!ok && !reason)
		return derr_set(e, DERR_INVALID, "reason", "退回时请说明原因");
	if (comp_begin(db, &own, e) ||
	    comp_team_set_status(db, team, "submitted", ok ? "endorsed" : "draft", e))
		return comp_abort(db);
	int rc = ok ? store_run(
	                  db, "UPDATE comp_teams SET endorsed_at = ?, endorsed_by = ? WHERE id = ?",
	                  "iii", now_seconds(), a->id, team)
	            : store_run(db, "UPDATE comp_teams SET return_reason = ? WHERE id = ?", "ti",
	                        reason, team);
	if (rc != STORE_OK)
		return derr_store(e, db, "endorse");
	if (comp_audit(db, a, ok ? "competition.team.endorse" : "competition.team.return",
	               "comp_team", team, e, "%s", ok ? "submitted -> endorsed" : reason))
		return -1;
	return comp_commit(db, own, e);
}

/* Checks one team in the open transaction; appends {team_id, name, status,
 * reasons} to list. */
static int check_one(struct store *db, const struct actor *a, const struct comp_team_row *t,
                     const struct comp_edition_row *ed, json_t *list, struct derr *e)
{
	struct team_facts tf;
	struct comp_reason r[24];
	if (read_facts(db, t, ed, &tf, e))
		return -1;
	size_t n = comp_team_problems(&tf.f, 0, r, sizeof(r) / sizeof(r[0]));
	if (n > 24)
		n = 24;
	const char *to = n ? "ineligible" : "eligible";
	json_t *reasons = reasons_json(r, n);
	char *text = json_dumps(reasons, JSON_COMPACT);
	int rc = (strcmp(t->status, to) && comp_team_set_status(db, t->id, t->status, to, e)) ||
	         store_run(db, "UPDATE comp_teams SET reasons = ?, checked_at = ? WHERE id = ?",
	                   "tii", text, now_seconds(), t->id) != STORE_OK;
	free(text);
	if (rc) {
		json_decref(reasons);
		return e->kind ? comp_abort(db) : derr_store(e, db, "check");
	}
	json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o}", "team_id", (json_int_t)t->id,
	                                      "status", to, "status_label",
	                                      comp_team_status_label(to), "reasons", reasons));
	return comp_audit(db, a, "competition.team.check", "comp_team", t->id, e, "%s -> %s (%zu)",
	                  t->status, to, n);
}

static int check_allowed(const struct comp_edition_row *ed, struct derr *e)
{
	if (strcmp(ed->status, "open") && strcmp(ed->status, "judging"))
		return derr_set(e, DERR_RULE, "status", "只能在报名或评审期间审查资格");
	return 0;
}

int comp_team_check(struct store *db, const struct actor *a, int64_t team, json_t **out,
                    struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_team_row t;
	struct comp_edition_row ed;
	static const char *const checkable[] = {"endorsed", "eligible", "ineligible", NULL};
	int own;
	if (comp_team_load(db, a, team, &t, e) || comp_edition_load(db, a, t.edition_id, &ed, e) ||
	    check_allowed(&ed, e) ||
	    comp_require(t.status, checkable, "只有已推荐的团队可以审查资格", e))
		return -1;
	json_t *list = json_array();
	if (comp_begin(db, &own, e) || check_one(db, a, &t, &ed, list, e) ||
	    comp_commit(db, own, e)) {
		json_decref(list);
		return -1;
	}
	*out = json_pack("{s:o}", "items", list);
	return 0;
}

int comp_edition_check(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                       struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	int own;
	if (comp_edition_load(db, a, edition, &ed, e) || check_allowed(&ed, e))
		return -1;
	/* First endorsed, first seated when a track has a limit. */
	json_t *ids = store_rows(db,
	                         "SELECT id FROM comp_teams WHERE edition_id = ? AND status IN"
	                         " ('endorsed', 'eligible', 'ineligible') ORDER BY endorsed_at, id",
	                         "i", edition);
	if (!ids)
		return derr_store(e, db, "check list");
	json_t *list = json_array();
	int rc = comp_begin(db, &own, e);
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		struct comp_team_row t;
		if (rc)
			break;
		rc = comp_team_load(db, a, json_integer_value(json_object_get(row, "id")), &t, e) ||
		     check_one(db, a, &t, &ed, list, e);
	}
	json_decref(ids);
	if (rc || comp_commit(db, own, e)) {
		store_rollback(db);
		json_decref(list);
		return -1;
	}
	*out = json_pack("{s:o}", "items", list);
	return 0;
}
